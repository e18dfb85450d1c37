"""For tests of pages that export: follow `?xuat=…` to its export, build it as the worker would, download it."""

from types import SimpleNamespace

from congso.core.services import export_build


def exported(client, path: str, params: dict):
    response = client.get(path, params)
    assert response.status_code == 302 and "/xuat/" in response["Location"], response
    export_id = response["Location"].rstrip("/").split("/")[-1]
    assert export_build(export_id=export_id) == "done"
    page = client.get(response["Location"])
    assert 'data-testid="export-download"' in page.content.decode()
    download = client.get(f"/xuat/{export_id}/tai-ve/")
    assert download.status_code == 200
    return SimpleNamespace(
        content=b"".join(download.streaming_content),
        headers=download.headers,
        content_type=download["Content-Type"],
        export_id=export_id,
    )
