"""The models document themselves: every field has a docstring; unknown keys are refused."""

from __future__ import annotations

import inspect

import pytest
from pydantic import BaseModel, ValidationError

import decisions.workspace
import knowledge.models
from knowledge.models import Aspect, parse_option_ref

MODELS = [obj for module in (knowledge.models, decisions.workspace)
          for _, obj in inspect.getmembers(module, inspect.isclass)
          if issubclass(obj, BaseModel) and obj.__module__ == module.__name__
          and not obj.__name__.startswith("_")]


def test_there_are_models_to_check():
    assert {m.__name__ for m in MODELS} >= {"Aspect", "DecisionPoint", "Option", "Rule",
                                            "Category", "ProfileQuestion", "Workspace",
                                            "Decision"}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_has_a_docstring(model):
    undocumented = [name for name, field in model.model_fields.items() if not field.description]
    assert undocumented == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_unknown_keys_are_refused(model):
    assert model.model_config.get("extra") == "forbid"


@pytest.mark.parametrize("ref", ["a.b=c", "token-management.signing-algorithm=eddsa"])
def test_option_references_parse(ref):
    assert "=".join([".".join(parse_option_ref(ref)[:2]), parse_option_ref(ref)[2]]) == ref


@pytest.mark.parametrize("ref", ["a.b", "a=b", "A.b=c", "a.b=c d", ""])
def test_malformed_option_references_are_refused(ref):
    with pytest.raises(ValueError):
        parse_option_ref(ref)


def test_ids_must_be_kebab_case():
    with pytest.raises(ValidationError, match="is not a kebab-case id"):
        Aspect.model_validate({"id": "Not_Kebab"})
