"""The loader reads valid bases and reports every broken one with file:line:column."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.errors import KnowledgeError
from knowledge.loader import load_knowledge
from tests.knowledge.kbfactory import aspect_text, line_of, write_base

A = aspect_text("a")


def _problems(root: Path, packs: list[Path] | None = None) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(packs or [], base=root)
    return [str(p) for p in caught.value.problems]


def _at(path: Path, text: str, needle: str, where: str, message: str, occurrence: int = 1) -> str:
    line, column = line_of(text, needle, occurrence)
    return f"{path}:{line}:{column}: {where}: {message}"


def test_loader_reads_a_valid_base(tmp_path):
    kb = load_knowledge(base=write_base(tmp_path))
    assert list(kb.aspects) == ["a", "b"]
    assert kb.counts() == {"categories": 2, "aspects": 2, "decisions": 2, "options": 4, "rules": 0}
    assert kb.option("b.style=second").risk == "medium"
    assert kb.sources["a"].endswith("identity/a.yaml")


# Each case: the broken text of identity/a.yaml, the needle where the error must point,
# which occurrence of the needle, the path inside the document, and the exact message.
BROKEN_ASPECTS = [
    ("unknown key", A.replace("summary:", "colour: red\nsummary:", 1), "colour", 1,
     "colour", "unknown key"),
    ("wrong type", A.replace("likely: 3", "likely: lots"), "lots", 1, "effort.likely",
     "Input should be a valid number, unable to parse string as a number"),
    ("missing field", A.replace("why: Because it is system-wide.\n", ""), "id", 1, "why",
     "missing required key"),
    ("unknown required aspect", A.replace("requires: []", "requires: [nope]"), "nope", 1,
     "requires[0]", "unknown aspect 'nope'"),
    ("decision point without options",
     A[: A.index("    options:")] + "    options: []\n", "[]", 2, "decisions[0].options",
     "List should have at least 1 item after validation, not 0"),
    ("recommended option unknown", A.replace("recommended: first", "recommended: third"),
     "id: style", 1, "decisions[0]",
     "recommended option 'third' is not one of ['first', 'second']"),
    ("id not kebab-case", A.replace("id: a\n", "id: Token_Mgmt\n"), "Token_Mgmt", 1, "id",
     "'Token_Mgmt' is not a kebab-case id (lowercase letters, digits, dashes)"),
    ("id differs from file name", A.replace("id: a\n", "id: z\n"), "z", 1, "id",
     "id 'z' must match the file name 'a.yaml'"),
    ("unknown profile question",
     A.replace("priority:", "applies_when:\n  - {colour: [red]}\npriority:"), "colour", 1,
     "applies_when[0].colour", "unknown profile question 'colour'"),
    ("unknown profile answer",
     A.replace("priority:", "applies_when:\n  - {market: [b2b, b2g]}\npriority:"),
     "b2g", 1, "applies_when[0].market[1]", "unknown answer 'b2g' for 'market'"),
    ("integer question in a condition",
     A.replace("priority:", "applies_when:\n  - {team-size: [five]}\npriority:"), "team-size", 1,
     "applies_when[0].team-size",
     "question 'team-size' is an integer and cannot be used in a condition"),
    ("pessimistic below likely", A.replace("pessimistic: 6", "pessimistic: 1"), "{optimistic", 1,
     "effort", "needs optimistic <= likely <= pessimistic"),
    ("risk without reason", A.replace("        risk_reason: It is costly.\n", ""), "id: second", 1,
     "decisions[0].options[1]", "an option with a risk needs a risk_reason"),
    ("rule to an unknown option",
     A + "        rules:\n          - kind: forbids-option\n            target: a.style=zz\n"
         "            severity: error\n            message: No.\n            resolution: Change.\n",
     "a.style=zz", 1, "decisions[0].options[1].rules[0].target", "unknown option 'zz' of a.style"),
    ("rule to an unknown decision point",
     A + "        rules:\n          - kind: requires-option\n            target: a.colour=red\n"
         "            severity: warning\n            message: No.\n"
         "            resolution: Change.\n",
     "a.colour", 1, "decisions[0].options[1].rules[0].target", "unknown decision point a.colour"),
    ("profile rule without condition",
     A + "        rules:\n          - kind: conflicts-with-profile\n            severity: info\n"
         "            message: No.\n            resolution: Change.\n",
     "kind: conflicts", 1, "decisions[0].options[1].rules[0]",
     "a conflicts-with-profile rule needs `when`"),
    ("duplicate option id", A.replace("id: second", "id: first"), "id: style", 1, "decisions[0]",
     "duplicate option ids: first"),
]


@pytest.mark.parametrize(("text", "needle", "occurrence", "where", "message"),
                         [case[1:] for case in BROKEN_ASPECTS],
                         ids=[case[0] for case in BROKEN_ASPECTS])
def test_loader_reports_broken_aspect_with_its_place(tmp_path, text, needle, occurrence, where,
                                                     message):
    root = write_base(tmp_path, {"identity/a.yaml": text})
    path = root / "identity" / "a.yaml"
    assert _at(path, text, needle, where, message, occurrence) in _problems(root)


@pytest.mark.parametrize(("text", "expected"), [
    (A + "extra: !!python/object:os.system {}\n", "tag 'tag:yaml.org,2002:python/object:os.system' "
                                                  "is not allowed"),
    (A.replace("title: A", "title: [unclosed"), "invalid YAML"),
    (A.replace("summary: A short summary.", "summary: A short summary.\nsummary: Twice."),
     "duplicate key 'summary'"),
    ("- just\n- a list\n", "expected a mapping describing one aspect"),
], ids=["python tag", "syntax error", "duplicate key", "not a mapping"])
def test_loader_reports_unreadable_yaml(tmp_path, text, expected):
    root = write_base(tmp_path, {"identity/a.yaml": text})
    problems = _problems(root)
    assert len(problems) == 1
    assert problems[0].startswith(f"{root / 'identity' / 'a.yaml'}:")
    assert expected in problems[0]


def test_loader_never_executes_python_tags(tmp_path):
    marker = tmp_path / "executed"
    text = A + f"extra: !!python/object/apply:os.system ['touch {marker}']\n"
    _problems(write_base(tmp_path / "kb", {"identity/a.yaml": text}))
    assert not marker.exists()


def test_loader_names_the_cycle_in_requires(tmp_path):
    root = write_base(tmp_path, {"identity/a.yaml": aspect_text("a", requires="c"),
                                 "identity/c.yaml": aspect_text("c", requires="a")})
    text = (root / "identity" / "a.yaml").read_text()
    assert _problems(root) == [_at(root / "identity" / "a.yaml", text, "c]", "requires[0]",
                                   "requires forms a cycle: a -> c -> a")]


def test_loader_names_both_files_of_a_duplicate_id(tmp_path):
    root = write_base(tmp_path, {"identity/a.yaml": A,
                                 "delivery/a.yaml": aspect_text("a", "delivery")})
    problems = _problems(root)
    first, second = root / "delivery" / "a.yaml", root / "identity" / "a.yaml"
    assert any(str(second) in p and f"also in {first}" in p for p in problems)


def test_loader_reports_unknown_category(tmp_path):
    root = write_base(tmp_path, {"billing/a.yaml": aspect_text("a", "billing")})
    path = root / "billing" / "a.yaml"
    assert _problems(root) == [_at(path, aspect_text("a", "billing"), "billing", "category",
                                     "unknown category 'billing'")]


def test_loader_collects_every_problem_before_failing(tmp_path):
    root = write_base(tmp_path, {
        "identity/a.yaml": A.replace("summary:", "colour: red\nsummary:", 1),
        "delivery/b.yaml": aspect_text("b", "delivery", requires="nope"),
    })
    problems = _problems(root)
    assert len(problems) == 2
    assert {Path(p.split(":")[0]).name for p in problems} == {"a.yaml", "b.yaml"}


def test_pack_with_unknown_key_is_reported_with_its_file_and_line(tmp_path):
    base = write_base(tmp_path / "base")
    pack_text = aspect_text("c").replace("title:", "titel: typo\ntitle:")
    pack = write_base(tmp_path / "pack", {"identity/c.yaml": pack_text})
    (pack / "categories.yaml").unlink()
    (pack / "profile.yaml").unlink()
    path = pack / "identity" / "c.yaml"
    assert _problems(base, [pack]) == [_at(path, pack_text, "titel", "titel", "unknown key")]


def test_pack_reference_to_unknown_aspect_is_reported(tmp_path):
    base = write_base(tmp_path / "base")
    pack_text = aspect_text("c", requires="ghost")
    pack = tmp_path / "pack"
    (pack / "identity").mkdir(parents=True)
    (pack / "identity" / "c.yaml").write_text(pack_text)
    path = pack / "identity" / "c.yaml"
    assert _problems(base, [pack]) == [_at(path, pack_text, "ghost", "requires[0]",
                                           "unknown aspect 'ghost'")]


def test_pack_replaces_and_adds_aspects(tmp_path):
    base = write_base(tmp_path / "base")
    pack = tmp_path / "pack"
    (pack / "identity").mkdir(parents=True)
    (pack / "identity" / "a.yaml").write_text(aspect_text("a", title="Replaced"))
    (pack / "identity" / "c.yaml").write_text(aspect_text("c", requires="a"))
    kb = load_knowledge([pack], base=base)
    assert kb.aspect("a").title == "Replaced"
    assert set(kb.aspects) == {"a", "b", "c"}
    assert kb.sources["a"] == str(pack / "identity" / "a.yaml")


def test_missing_pack_folder_is_reported(tmp_path):
    base = write_base(tmp_path / "base")
    assert _problems(base, [tmp_path / "nowhere"]) == [f"{tmp_path / 'nowhere'}: not a folder"]


def test_pure_python_loader_reads_the_same_base(tmp_path):
    root = write_base(tmp_path)
    assert load_knowledge(base=root, pure_python=True) == load_knowledge(base=root)



def test_tolerant_load_keeps_cycles_for_the_analysis(tmp_path):
    root = write_base(tmp_path, {"identity/a.yaml": aspect_text("a", requires="c"),
                                 "identity/c.yaml": aspect_text("c", requires="a")})
    kb = load_knowledge(base=root, allow_cycles=True)
    assert kb.cycles == (("a", "c"),)


def test_long_requires_chain_loads_without_recursion(tmp_path):
    aspects = {f"identity/n{i}.yaml": aspect_text(f"n{i}", requires=f"n{i - 1}" if i else "")
               for i in range(1500)}
    kb = load_knowledge(base=write_base(tmp_path, aspects))
    assert kb.aspect("n1499").requires == ["n1498"]
