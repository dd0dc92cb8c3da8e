"""Turn what came back from Composio (or failed to) into models or one-line errors.

Everything that reaches an error message passes through a :class:`Redactor` first: a
proxy page, a server bug or an ``httpx`` exception text might echo the API key, and the
message ends up in Pulumi's output and logs.
"""

from __future__ import annotations

import re
from typing import TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from ..errors import (
    AlreadyExists,
    ComposioApiError,
    ComposioTransportError,
    InvalidResponse,
    RateLimited,
    api_error_class_for_status,
)
from .models import ErrorEnvelope

__all__ = ["Redactor", "api_error", "decode_model", "snippet", "transport_error"]

ModelT = TypeVar("ModelT", bound=BaseModel)

_SNIPPET_LENGTH = 120
_MAX_FIELD_PROBLEMS = 3
_TAG = re.compile(r"<[^>]*>")
_REDACTED = "[redacted]"


class Redactor:
    """Replaces one secret with ``[redacted]`` in any text; its repr never shows it."""

    __slots__ = ("_secret",)

    def __init__(self, secret: str) -> None:
        self._secret = secret

    def __call__(self, text: str) -> str:
        return text.replace(self._secret, _REDACTED) if self._secret else text

    def __repr__(self) -> str:
        return "Redactor(***)"


def snippet(text: str, redact: Redactor) -> str:
    """The start of a body, readable on one line: tags dropped, whitespace collapsed."""
    text = redact(text)
    readable = _TAG.sub(" ", text) if text.lstrip().startswith("<") else text
    flat = " ".join(readable.split())
    if len(flat) <= _SNIPPET_LENGTH:
        return flat
    return flat[: _SNIPPET_LENGTH - 1] + "…"


def decode_model(response: httpx.Response, model: type[ModelT], redact: Redactor) -> ModelT:
    """Parse a 2xx body as ``model``, or raise :class:`InvalidResponse` saying why not.

    The parser's own exception is dropped rather than chained: its text quotes the body,
    which may hold anything, and the user needs only the one-line summary.
    """
    method, path, status = response.request.method, response.request.url.path, response.status_code
    if not response.content:
        raise InvalidResponse("the body is empty", status=status, method=method, path=path)
    try:
        return model.model_validate_json(response.content)
    except ValidationError as error:
        not_json = any(item["type"] == "json_invalid" for item in error.errors(include_url=False))
        problem = summarise_validation_error(error)
    if not_json:
        raise InvalidResponse(
            f"the body is not JSON ({_content_type(response)}); it may be truncated or come "
            "from a proxy",
            status=status,
            snippet=snippet(response.text, redact),
            method=method,
            path=path,
        )
    raise InvalidResponse(redact(problem), status=status, method=method, path=path)


def summarise_validation_error(error: ValidationError) -> str:
    """``field 'commands.cursor' missing; field 'id': Input should be a valid string``."""
    problems = []
    for item in error.errors(include_url=False, include_input=False, include_context=False):
        location = ".".join(str(part) for part in item["loc"])
        if not location:
            problems.append("expected a JSON object")
        elif item["type"] == "missing":
            problems.append(f"field '{location}' missing")
        else:
            problems.append(f"field '{location}': {item['msg']}")
    shown = "; ".join(problems[:_MAX_FIELD_PROBLEMS])
    hidden = len(problems) - _MAX_FIELD_PROBLEMS
    return shown + (f" (and {hidden} more)" if hidden > 0 else "")


def api_error(
    response: httpx.Response,
    redact: Redactor,
    *,
    retry_after: float | None = None,
    creating: bool = False,
) -> ComposioApiError:
    """Build the error for a non-2xx answer, from its envelope when it has one.

    ``creating`` says the request was a create, whose 409 means the object exists.
    """
    status = response.status_code
    method, path = response.request.method, response.request.url.path
    envelope = _envelope(response)
    cls = (
        AlreadyExists
        if creating and status == 409
        else api_error_class_for_status(status, is_envelope=envelope is not None)
    )
    if envelope is None:
        error = cls(status, _describe_foreign_body(response, redact), method=method, path=path)
    else:
        body = envelope.error
        error = cls(
            status,
            redact(body.message),
            slug=_redacted_or_none(redact, body.slug),
            code=body.code,
            suggested_fix=_redacted_or_none(redact, body.suggested_fix),
            request_id=_redacted_or_none(redact, body.request_id),
            errors=[redact(e) for e in body.errors or ()],
            method=method,
            path=path,
        )
    if isinstance(error, RateLimited):
        error.retry_after = retry_after
    return error


def transport_error(
    error: httpx.TransportError, redact: Redactor, *, request: httpx.Request, attempts: int
) -> ComposioTransportError:
    """Describe a request that got no answer, naming the host but never the key."""
    detail = " ".join(redact(str(error)).split()) or "no details"
    reason = type(error).__name__
    tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
    return ComposioTransportError(
        f"No answer from Composio at {_origin(request.url)} for {request.method} "
        f"{request.url.path} ({reason}: {detail}) after {tries}",
        reason=reason,
        attempts=attempts,
        method=request.method,
        path=request.url.path,
    )


def _origin(url: httpx.URL) -> str:
    port = f":{url.port}" if url.port is not None else ""
    return f"{url.scheme}://{url.host}{port}"


def _envelope(response: httpx.Response) -> ErrorEnvelope | None:
    try:
        return ErrorEnvelope.model_validate_json(response.content)
    except ValidationError:
        return None


def _describe_foreign_body(response: httpx.Response, redact: Redactor) -> str:
    reason = response.reason_phrase or "error"
    if not response.content.strip():
        return f"{reason}, with an empty body"
    text = snippet(response.text, redact)
    hint = "; is the base URL right?" if response.status_code == 404 else ""
    kind = response.headers.get("content-type", "").split(";")[0].strip()
    body = f"the {kind} body" if kind else "the body"
    return f"{reason}; {body} is not a Composio error: {text}{hint}"


def _content_type(response: httpx.Response) -> str:
    content_type = str(response.headers.get("content-type", "no content-type"))
    return content_type.split(";")[0].strip()


def _redacted_or_none(redact: Redactor, text: str | None) -> str | None:
    return redact(text) if text is not None else None
