"""files.getUploadURLExternal, the upload URL and files.completeUploadExternal."""

from __future__ import annotations

from urllib.request import Request, urlopen

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from playground.emulator import SlackEmulator
from tests.playground.emulator.helpers import refusal


def test_files_upload_v2_round_trip(client: WebClient, emulator: SlackEmulator) -> None:
    response = client.files_upload_v2(
        channel="C1",
        content="week,goal\n1,ship\n",
        filename="goals.csv",
        title="Goals",
        initial_comment="Your export",
    )
    file_id = response["file"]["id"]
    assert file_id.startswith("F")
    assert emulator.files == [
        {
            "id": file_id,
            "channel_id": "C1",
            "title": "Goals",
            "filename": "goals.csv",
            "content": b"week,goal\n1,ship\n",
            "initial_comment": "Your export",
        }
    ]
    assert emulator.messages["C1"][-1]["subtype"] == "file_share"
    methods = [c.method for c in emulator.calls]
    assert methods == ["files.getUploadURLExternal", "upload_url", "files.completeUploadExternal"]


def test_upload_url_accepts_multipart(client: WebClient, emulator: SlackEmulator) -> None:
    got = client.files_getUploadURLExternal(filename="a.txt", length=5)
    boundary = "XyZ"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\nhello\r\n--{boundary}--\r\n"
    ).encode()
    request = Request(
        got["upload_url"],
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    with urlopen(request, timeout=5) as response:
        assert response.status == 200
    client.files_completeUploadExternal(files=[{"id": got["file_id"], "title": "A"}])
    assert emulator.files[0]["content"] == b"hello"
    assert emulator.files[0]["channel_id"] is None


def test_refuses_upload_url_without_length_with_invalid_arguments(client: WebClient) -> None:
    data = refusal(
        client.api_call, api_method="files.getUploadURLExternal", params={"filename": "a.txt"}
    )
    assert data["error"] == "invalid_arguments"


def test_refuses_non_numeric_length_with_invalid_arguments(client: WebClient) -> None:
    data = refusal(client.files_getUploadURLExternal, filename="a.txt", length="many")
    assert data["error"] == "invalid_arguments"


def test_refuses_completing_unuploaded_file_with_file_not_found(client: WebClient) -> None:
    got = client.files_getUploadURLExternal(filename="a.txt", length=5)
    data = refusal(client.files_completeUploadExternal, files=[{"id": got["file_id"]}])
    assert data["error"] == "file_not_found"


def test_refuses_sharing_file_where_bot_is_absent_with_not_in_channel(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as caught:
        client.files_upload_v2(channel="C2", content="x", filename="x.txt")
    assert caught.value.response["error"] == "not_in_channel"
