"""A local RFC 3161 timestamp server for the tests: HTTP on 127.0.0.1, answering with pyHanko's test TSA
(DummyTimeStamper) signed by a certificate of the test PKI with the timeStamping extended key usage."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def serve(tsa: Any, chain: list[Any]) -> tuple[str, Any]:
    from asn1crypto import tsp
    from pyhanko.keys import load_private_key_from_pemder_data
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    from congso.signatures.services.certificates import to_asn1

    stamper = DummyTimeStamper(
        tsa_cert=to_asn1(tsa.der),
        tsa_key=load_private_key_from_pemder_data(tsa.key_pem(), passphrase=None),
        certs_to_embed=[to_asn1(c.der) for c in chain],
    )

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server
