"""A JSON line is parsed by json's C scanner directly: the same value, or json.loads's
own error (its message and position land in a malformed line's reject)."""

from __future__ import annotations

import json

import pytest

from babelshard.pipelines.io.readers_common import parse_json_line

LINES = [
    '{"id": 1, "text": "A dog."}\n',
    '{"a": 1}\r\n',
    '{"a": 1}\t \n',
    '{"a": 1}',
    ' {"a": 1}\n',  # leading whitespace: json.loads's own path
    "[1, 2.5, -3e-7, 12345678901234567890123]\n",
    '"a string"\n',
    "NaN\n",
    "-Infinity\n",
    '{"x": [1, {"y": null}], "z": true, "w": "\\u00e9\\ud83d\\ude00"}\n',
    '{"a": 1, "a": 2}\n',
]
BROKEN = [
    '{"a": 1} x\n',  # extra data
    '{"a": 1}{"b": 2}\n',
    '{"a": 1}\x0b\n',  # not JSON whitespace
    '{"a": 1}\u00a0\n',
    '{"a": }\n',
    "nul\n",
    "",
    "\n",
    '\ufeff{"a": 1}\n',
    '{"a": "open\n',
]


@pytest.mark.parametrize("line", LINES)
def test_a_line_parses_to_json_loads_value(line: str) -> None:
    expected = json.loads(line)
    parsed = parse_json_line(line)
    assert json.dumps(parsed) == json.dumps(expected)  # NaN != NaN, so compare the text


@pytest.mark.parametrize("line", BROKEN)
def test_a_broken_line_raises_json_loads_error(line: str) -> None:
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(line)
    with pytest.raises(json.JSONDecodeError) as raised:
        parse_json_line(line)
    assert (str(raised.value), raised.value.pos) == (str(expected.value), expected.value.pos)
