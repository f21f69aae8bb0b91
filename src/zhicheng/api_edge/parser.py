"""The API's request parser: JSON bodies and query strings are checked at the edge —
PostgreSQL refuses NUL in text, so a NUL byte is refused here with the field's name."""

import json
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser

from zhicheng.api_edge.errors import InputError
from zhicheng.api_edge.labels import label

NUL = "\x00"


def nul_error(field: str | None) -> InputError:
    name = f"「{label(field) or field}」" if field else "请求"
    return InputError(f"{name}含有空字符（NUL），请删除后重试。", field=field, code="nul")


def _check(value: Any, field: str | None) -> None:
    if isinstance(value, str):
        if NUL in value:
            raise nul_error(field)
    elif isinstance(value, dict):
        for key, item in value.items():
            if NUL in str(key):
                raise nul_error(field)
            _check(item, str(key))
    elif isinstance(value, list):
        for item in value:
            _check(item, field)


class EdgeParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            raise InputError("请求体不是有效的 JSON（UTF-8 编码）。") from None
        _check(data, None)
        return data

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str],
                        request: HttpRequest) -> dict[str, Any]:
        for key, values in data.lists():
            for v in values:
                if isinstance(v, str) and NUL in v:
                    raise nul_error(key)
        return super().parse_querydict(data, list_fields, request)
