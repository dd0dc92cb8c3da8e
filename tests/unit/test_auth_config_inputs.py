"""The rules for an auth config's inputs: checks, diffs, bodies, credential fingerprints."""

from __future__ import annotations

from pulumi_composio.auth_configs.inputs import (
    check_inputs,
    create_request,
    credentials_fingerprint,
    diff_inputs,
    update_request,
)

CUSTOM = {"toolkit": "linear", "auth_scheme": "API_KEY", "credentials": {"api_key": "k-1"}}


def checked(**news):
    inputs, problems = check_inputs({}, {"default_name": "linear-abc1234", **news})
    assert problems == []
    return inputs


def recorded(inputs, **outputs):
    return {
        **inputs,
        "is_composio_managed": not inputs.get("auth_scheme"),
        "credentials_fingerprint": credentials_fingerprint(inputs.get("credentials")),
        **outputs,
    }


def test_a_fingerprint_matches_the_same_credentials_and_never_holds_them():
    fingerprint = credentials_fingerprint({"api_key": "k-1"})
    assert fingerprint is not None
    assert "k-1" not in fingerprint
    assert credentials_fingerprint({"api_key": "k-1"}, like=fingerprint) == fingerprint
    assert credentials_fingerprint({"api_key": "k-2"}, like=fingerprint) != fingerprint
    assert credentials_fingerprint({"api_key": "k-1"}) != fingerprint  # a fresh salt


def test_a_rotated_credential_is_an_in_place_change_and_an_unchanged_one_is_none():
    old = recorded(checked(**CUSTOM))
    assert diff_inputs(old, checked(**CUSTOM)).changed == []
    rotated = diff_inputs(old, checked(**{**CUSTOM, "credentials": {"api_key": "k-2"}}))
    assert rotated.changed == ["credentials"]
    assert rotated.replaces == []


def test_toolkit_and_kind_changes_replace_and_renames_do_not():
    old = recorded(checked(**CUSTOM))
    assert diff_inputs(old, checked(**{**CUSTOM, "toolkit": "notion"})).replaces == ["toolkit"]
    managed = checked(toolkit="linear")
    assert diff_inputs(old, managed).replaces == ["auth_scheme"]
    renamed = diff_inputs(old, checked(**CUSTOM, name="Linear"))
    assert renamed.changed == ["name"]
    assert renamed.replaces == []


def test_reordered_scopes_show_no_diff():
    old = recorded(checked(toolkit="github", scopes=["repo", "read:org"]))
    assert (
        diff_inputs(old, checked(toolkit="github", scopes=["read:org", "repo", "repo"])).changed
        == []
    )


def test_bodies_use_composio_field_names_and_scopes_travel_with_custom_credentials():
    body = create_request(checked(**CUSTOM, scopes=["read"])).to_body()
    assert body == {
        "toolkit": {"slug": "linear"},
        "auth_config": {
            "type": "use_custom_auth",
            "name": "linear-abc1234",
            "authScheme": "API_KEY",
            "credentials": {"api_key": "k-1", "scopes": ["read"]},
        },
    }
    patch = update_request(["scopes"], checked(**CUSTOM, scopes=["write"]))
    assert patch is not None
    assert patch.to_body() == {
        "type": "custom",
        "credentials": {"api_key": "k-1", "scopes": ["write"]},
    }
    managed = update_request(["scopes"], checked(toolkit="github", scopes=["repo"]))
    assert managed is not None
    assert managed.to_body() == {"type": "default", "scopes": ["repo"]}
    assert update_request(["enabled"], checked(toolkit="github", enabled=False)) is None


def test_problems_name_fields_and_never_quote_a_credential():
    _, problems = check_inputs(
        {}, {"toolkit": "Bad Slug", "credentials": {"api_key": 42}, "auth_scheme": "NOPE"}
    )
    assert {p.property for p in problems} == {"toolkit", "auth_scheme", "credentials"}
    _, problems = check_inputs({}, {"toolkit": "linear", "credentials": {"api_key": "s3cret"}})
    assert [p.property for p in problems] == ["credentials"]
    assert "s3cret" not in problems[0].reason
    assert "auth_scheme" in problems[0].reason
