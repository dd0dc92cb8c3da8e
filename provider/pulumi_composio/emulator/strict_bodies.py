"""Request bodies and queries checked against a pydantic model of the official client's shape,
every problem of a request reported at once in Composio's 400 (:func:`.api_errors.bad_request`).

The models forbid fields the API does not know, as Composio refuses them; a union's
alternatives that failed the same way are reported once.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .api_errors import bad_request

__all__ = ["strict_body"]

ModelT = TypeVar("ModelT", bound=BaseModel)


def strict_body(model: type[ModelT], body: Any, slug: str, fix: str) -> ModelT:
    """``body`` as ``model``, or a 400 with ``slug`` naming each problem as ``field: message``."""
    if not isinstance(body, dict):
        raise bad_request(["the request body must be a JSON object"], fix, slug)
    try:
        return model.model_validate(body)
    except ValidationError as error:
        lines: list[str] = []
        for problem in error.errors():
            where = ".".join(str(p) for p in problem["loc"] if not str(p)[:1].isupper())
            line = f"{where or 'body'}: {problem['msg']}"
            if line not in lines:
                lines.append(line)
        raise bad_request(lines, fix, slug) from None
