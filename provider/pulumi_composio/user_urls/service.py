"""The work behind :class:`~pulumi_composio.McpServerUserUrl`: one ``generate`` call per
create or refresh; nothing at all on delete."""

from __future__ import annotations

from typing import Any

from ..core.operations import Changes, Checked, Found
from ..core.service import ServiceBase
from ..errors import InvalidResponse, NotFound
from .inputs import check_inputs, diff_inputs, generate_request, outputs_from_api, url_id

__all__ = ["UserUrlService"]


class UserUrlService(ServiceBase):
    """URLs of a server for one user or connected account, for one plugin process."""

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> Checked:
        return Checked(*check_inputs(olds, news))

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> Changes:
        """Any change makes another URL, so every change replaces it."""
        return diff_inputs(olds, news)

    def create(self, props: dict[str, Any]) -> Found:
        return Found(url_id(props), self._generate(props))

    def read(self, id_: str, props: dict[str, Any]) -> Found:
        """Generate the URL again; a server that is gone makes the URL absent."""
        try:
            return Found(id_, self._generate(props, recorded_configuration=True))
        except NotFound:
            return Found("")

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        return self._generate(news)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Nothing exists on Composio's side for a generated URL, so nothing is called."""

    def _generate(
        self, props: dict[str, Any], *, recorded_configuration: bool = False
    ) -> dict[str, Any]:
        client = self._api(recorded_configuration=recorded_configuration)
        urls = client.generate_urls(generate_request(props))
        outputs = outputs_from_api(urls, props)
        if not outputs["url"]:
            raise InvalidResponse("generate answered no URL for the requested id")
        return outputs
