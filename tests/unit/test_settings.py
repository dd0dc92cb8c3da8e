from __future__ import annotations

import pickle

import pytest

from pulumi_composio.api.settings import DEFAULT_BASE_URL, normalise_base_url, resolve_settings
from pulumi_composio.errors import ConfigurationError

KEY = "sk-test-SECRET123"


def test_explicit_key_is_sent_as_a_project_key():
    settings = resolve_settings(api_key=KEY, env={})

    assert settings.api_key.get_secret_value() == KEY
    assert settings.key_header == "x-api-key"
    assert settings.base_url == DEFAULT_BASE_URL


def test_explicit_user_key_is_sent_as_a_user_key():
    settings = resolve_settings(user_api_key=KEY, env={})

    assert settings.key_header == "x-user-api-key"


def test_environment_key_is_used_when_none_is_given():
    settings = resolve_settings(env={"COMPOSIO_API_KEY": KEY})

    assert settings.api_key.get_secret_value() == KEY


def test_environment_user_key_is_used_when_none_is_given():
    settings = resolve_settings(env={"COMPOSIO_USER_API_KEY": KEY})

    assert settings.key_header == "x-user-api-key"


def test_explicit_key_wins_over_both_environment_keys():
    env = {"COMPOSIO_API_KEY": "env-key", "COMPOSIO_USER_API_KEY": "env-user-key"}

    settings = resolve_settings(api_key=KEY, env=env)

    assert settings.api_key.get_secret_value() == KEY


def test_explicit_user_key_wins_over_environment_project_key():
    settings = resolve_settings(user_api_key=KEY, env={"COMPOSIO_API_KEY": "env-key"})

    assert settings.key_header == "x-user-api-key"
    assert settings.api_key.get_secret_value() == KEY


def test_two_explicit_keys_are_refused():
    with pytest.raises(ConfigurationError, match=r"composio:apiKey and composio:userApiKey"):
        resolve_settings(api_key=KEY, user_api_key="other", env={})


def test_two_environment_keys_are_refused():
    env = {"COMPOSIO_API_KEY": KEY, "COMPOSIO_USER_API_KEY": "other"}

    with pytest.raises(ConfigurationError, match="set only one"):
        resolve_settings(env=env)


def test_missing_key_tells_the_user_how_to_set_it():
    with pytest.raises(ConfigurationError) as caught:
        resolve_settings(env={})

    message = str(caught.value)
    assert "pulumi config set --secret composio:apiKey" in message
    assert "export COMPOSIO_API_KEY=" in message


def test_empty_and_blank_keys_count_as_missing():
    with pytest.raises(ConfigurationError, match="No Composio API key"):
        resolve_settings(api_key="  ", env={"COMPOSIO_API_KEY": ""})


def test_surrounding_whitespace_is_trimmed_from_the_key():
    settings = resolve_settings(env={"COMPOSIO_API_KEY": f"  {KEY}\n"})

    assert settings.api_key.get_secret_value() == KEY


def test_key_with_inner_whitespace_is_refused_without_showing_it():
    with pytest.raises(ConfigurationError) as caught:
        resolve_settings(api_key="sk-test-SECRET123 extra", env={})

    assert "composio:apiKey" in str(caught.value)
    assert "SECRET123" not in str(caught.value)


def test_key_is_hidden_from_repr_and_str():
    settings = resolve_settings(api_key=KEY, env={})

    assert KEY not in repr(settings)
    assert KEY not in str(settings)


def test_settings_refuse_to_be_pickled():
    settings = resolve_settings(api_key=KEY, env={})

    with pytest.raises(TypeError, match="must not be pickled"):
        pickle.dumps(settings)


def test_base_url_comes_from_explicit_value_then_environment():
    env = {"COMPOSIO_API_KEY": KEY, "COMPOSIO_BASE_URL": "https://env.composio.test"}

    assert resolve_settings(env=env).base_url == "https://env.composio.test"
    explicit = resolve_settings(base_url="https://explicit.composio.test/", env=env)
    assert explicit.base_url == "https://explicit.composio.test"


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8080",
        "http://127.0.0.1:8080",
        "http://127.3.2.1",
        "http://[::1]:9000",
        "HTTP://LOCALHOST:8080/",
    ],
)
def test_plain_http_is_allowed_for_loopback_hosts(url):
    assert normalise_base_url(url, allow_insecure_http=False) == url.rstrip("/")


@pytest.mark.parametrize("url", ["http://backend.composio.dev", "http://10.0.0.5:8080"])
def test_plain_http_to_other_hosts_is_refused(url):
    with pytest.raises(ConfigurationError, match="unencrypted"):
        normalise_base_url(url, allow_insecure_http=False)


def test_plain_http_is_allowed_when_explicitly_allowed():
    assert normalise_base_url("http://emulator:8080", allow_insecure_http=True) == (
        "http://emulator:8080"
    )


@pytest.mark.parametrize("flag", ["1", "true", "YES", "on"])
def test_insecure_http_can_be_allowed_from_the_environment(flag):
    env = {
        "COMPOSIO_API_KEY": KEY,
        "COMPOSIO_BASE_URL": "http://emulator:8080",
        "COMPOSIO_ALLOW_INSECURE_HTTP": flag,
    }

    assert resolve_settings(env=env).base_url == "http://emulator:8080"


def test_explicit_refusal_of_insecure_http_wins_over_the_environment():
    env = {"COMPOSIO_API_KEY": KEY, "COMPOSIO_ALLOW_INSECURE_HTTP": "1"}

    with pytest.raises(ConfigurationError, match="plain http"):
        resolve_settings(base_url="http://emulator:8080", allow_insecure_http=False, env=env)


def test_unreadable_insecure_http_flag_is_refused():
    env = {"COMPOSIO_API_KEY": KEY, "COMPOSIO_ALLOW_INSECURE_HTTP": "maybe"}

    with pytest.raises(ConfigurationError, match="COMPOSIO_ALLOW_INSECURE_HTTP must be"):
        resolve_settings(env=env)


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("backend.composio.dev", "must look like https://"),
        ("ftp://backend.composio.dev", "must look like https://"),
        ("https://", "must look like https://"),
        ("https://backend.composio.dev:99999", "is not a valid URL"),
        ("https://[::1", "is not a valid URL"),
        ("https://backend.composio.dev/?debug=1", "query string"),
    ],
)
def test_malformed_base_urls_are_refused_with_the_reason(url, problem):
    with pytest.raises(ConfigurationError, match=problem):
        normalise_base_url(url, allow_insecure_http=False)


def test_base_url_with_credentials_is_refused_without_echoing_them():
    with pytest.raises(ConfigurationError) as caught:
        normalise_base_url("https://user:hunter2@backend.composio.dev", allow_insecure_http=False)

    assert "hunter2" not in str(caught.value)


def test_base_url_may_carry_a_path_prefix():
    url = normalise_base_url("https://proxy.example.com/composio/", allow_insecure_http=False)

    assert url == "https://proxy.example.com/composio"
