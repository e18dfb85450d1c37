"""congso-sign-agent: signs, with the official's USB token, the personal signatures Công Sở prepared for them.

It runs on the official's PC (no Django, no database: the Python standard library, python-pkcs11 and
cryptography), talks to the server with the official's personal access token over HTTPS, and to the token
through the CA's PKCS#11 middleware. The protocol is in docs/signing.md:

1. it reads the certificate from the token and registers it (POST /api/v1/signatures/certificates);
2. it asks for the requests waiting for that certificate (GET /api/v1/signatures/requests);
3. for each, it shows what is signed (the subject and the hash), asks the official unless --yes, signs the
   DER of the signed attributes with the token (RSA PKCS#1 v1.5 or PSS over SHA-256) and posts the value
   (POST /api/v1/signatures/requests/<id>); when it cannot, it says why (POST …/<id>/fail).

    congso-sign-agent --server https://congso.tinh.gov.vn --api-token-file ~/.congso-token \\
        --module /usr/lib/vgca/libvgca.so [--token-label "VGCA"] [--key-id 01 | --key-label … | --fingerprint …]

The PIN is asked on the terminal, or read from the environment variable named by --pin-env."""

from __future__ import annotations

import argparse
import base64
import getpass
import hashlib
import json
import os
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any


class AgentError(Exception):
    """A problem the official can act on, in Vietnamese."""


class Server:
    """The platform's API with a personal access token."""

    def __init__(self, base_url: str, api_token: str, timeout: float = 30) -> None:
        self.base_url = base_url.rstrip("/") + "/api/v1/signatures"
        self.api_token = api_token
        self.timeout = timeout

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(  # noqa: S310 - the operator gives the server's https address
            self.base_url + path,
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {self.api_token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            payload = error.read()
            try:
                return error.code, json.loads(payload)
            except ValueError:
                return error.code, {"message": payload.decode(errors="replace")[:200]}
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise AgentError(f"Không kết nối được máy chủ {self.base_url}: {error}") from error


@dataclass
class TokenKey:
    session: Any
    key: Any
    certificate_der: bytes

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.certificate_der).hexdigest()

    def sign(self, data: bytes, mechanism: str) -> bytes:
        import pkcs11
        from pkcs11 import MGF, Mechanism

        try:
            if mechanism == "rsassa_pss":
                return bytes(
                    self.key.sign(
                        data,
                        mechanism=Mechanism.SHA256_RSA_PKCS_PSS,
                        mechanism_param=(Mechanism.SHA256, MGF.SHA256, 32),
                    )
                )
            return bytes(self.key.sign(data, mechanism=Mechanism.SHA256_RSA_PKCS))
        except pkcs11.exceptions.PKCS11Error as error:
            raise AgentError(f"Token không ký được ({type(error).__name__}).") from error

    def close(self) -> None:
        self.session.close()


def open_token(
    module: str,
    pin: str,
    *,
    token_label: str | None = None,
    key_id: str | None = None,
    key_label: str | None = None,
    fingerprint: str | None = None,
) -> TokenKey:
    """The signing key and its certificate on the token, chosen by id, label or the certificate's fingerprint
    (vendors' middleware label things differently); the first key with a certificate otherwise."""
    import pkcs11
    from pkcs11 import Attribute, ObjectClass

    try:
        library = pkcs11.lib(module)
    except (OSError, RuntimeError, pkcs11.exceptions.PKCS11Error) as error:
        raise AgentError(f"Không nạp được thư viện PKCS#11 {module}: {error}") from error
    try:
        tokens = list(library.get_tokens(token_label=token_label) if token_label else library.get_tokens())
    except pkcs11.exceptions.PKCS11Error as error:
        raise AgentError(f"Không đọc được khe cắm token ({type(error).__name__}).") from error
    if not tokens:
        raise AgentError(
            "Không thấy token: hãy cắm USB token" + (f" «{token_label}»." if token_label else ".")
        )
    try:
        session = tokens[0].open(user_pin=pin)
    except pkcs11.exceptions.PinIncorrect as error:
        raise AgentError("Mã PIN không đúng.") from error
    except pkcs11.exceptions.PinLocked as error:
        raise AgentError(
            "Token đã bị khóa do nhập sai PIN nhiều lần: liên hệ tổ chức cấp chứng thư."
        ) from error
    except pkcs11.exceptions.PKCS11Error as error:
        raise AgentError(f"Không mở được token ({type(error).__name__}).") from error
    wanted_id = bytes.fromhex(key_id) if key_id else None
    certificates = [
        (bytes(c[Attribute.VALUE]), bytes(c[Attribute.ID]), c[Attribute.LABEL])
        for c in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE})
    ]  # read them all first: a token runs one search at a time
    for der, object_id, label in certificates:
        if wanted_id is not None and object_id != wanted_id:
            continue
        if key_label and label != key_label:
            continue
        if fingerprint and hashlib.sha256(der).hexdigest() != fingerprint.lower():
            continue
        keys = list(session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.ID: object_id}))
        if keys:
            return TokenKey(session, keys[0], der)
    session.close()
    raise AgentError(
        "Trên token không có khóa ký kèm chứng thư số khớp với lựa chọn (--key-id, --key-label)."
    )


def _message(payload: Any) -> str:
    return payload.get("message", "") if isinstance(payload, dict) else str(payload)


def run_once(server: Server, token: TokenKey, *, confirm: Any = None, say: Any = print) -> int:
    """Register the certificate, then sign what waits for it; the count signed."""
    status, payload = server.call(
        "POST", "/certificates", {"certificate": base64.b64encode(token.certificate_der).decode()}
    )
    if status not in (200, 201):
        raise AgentError(f"Máy chủ không nhận chứng thư số: {_message(payload)}")
    if payload.get("problem"):
        raise AgentError(payload["problem"])
    status, requests = server.call("GET", "/requests")
    if status != 200:
        raise AgentError(f"Không lấy được danh sách cần ký: {_message(requests)}")
    signed = 0
    for item in requests:
        if item["certificate_fingerprint"] != token.fingerprint:
            say(f"Bỏ qua «{item['subject']}»: cần ký bằng chứng thư khác.")
            continue
        attributes = base64.b64decode(item["signed_attributes"])
        if hashlib.sha256(attributes).hexdigest() != item["signed_attributes_sha256"]:
            raise AgentError("Dữ liệu cần ký bị hỏng trên đường truyền.")
        say(f"Ký: {item['subject']} (mã băm {item['signed_attributes_sha256'][:16]}…)")
        if confirm is not None and not confirm(item):
            server.call("POST", f"/requests/{item['id']}/fail", {"reason": "Người ký từ chối ký."})
            continue
        try:
            value = token.sign(attributes, item["mechanism"])
        except AgentError as error:
            server.call("POST", f"/requests/{item['id']}/fail", {"reason": str(error)})
            raise
        status, payload = server.call(
            "POST", f"/requests/{item['id']}", {"signature": base64.b64encode(value).decode()}
        )
        if status != 200:
            say(f"Máy chủ từ chối chữ ký: {_message(payload)}")
            continue
        signed += 1
        say("Đã ký.")
    return signed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="congso-sign-agent", description="Ký số văn bản Công Sở bằng USB token."
    )
    parser.add_argument("--server", required=True, help="địa chỉ Công Sở, ví dụ https://congso.tinh.gov.vn")
    parser.add_argument("--api-token-file", required=True, help="tệp chứa token truy cập cá nhân")
    parser.add_argument("--module", required=True, help="thư viện PKCS#11 của token (.so / .dll)")
    parser.add_argument("--token-label")
    parser.add_argument("--key-id", help="mã khóa (hệ 16)")
    parser.add_argument("--key-label")
    parser.add_argument("--fingerprint", help="SHA-256 của chứng thư số")
    parser.add_argument("--pin-env", help="tên biến môi trường chứa PIN (mặc định: hỏi)")
    parser.add_argument("--interval", type=float, default=3.0, help="giây giữa hai lần hỏi máy chủ")
    parser.add_argument("--once", action="store_true", help="ký những gì đang chờ rồi thoát")
    parser.add_argument("--yes", action="store_true", help="không hỏi lại trước mỗi lần ký")
    args = parser.parse_args(argv)
    try:
        with open(os.path.expanduser(args.api_token_file), encoding="utf-8") as handle:
            api_token = handle.read().strip()
        pin = os.environ.get(args.pin_env, "") if args.pin_env else getpass.getpass("PIN của token: ")
        token = open_token(
            args.module,
            pin,
            token_label=args.token_label,
            key_id=args.key_id,
            key_label=args.key_label,
            fingerprint=args.fingerprint,
        )
    except (AgentError, OSError) as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 2
    server = Server(args.server, api_token)

    def confirm(item: dict[str, Any]) -> bool:
        return input(f"Ký «{item['subject']}»? [c/K] ").strip().lower() in ("c", "có", "y")

    try:
        while True:
            try:
                run_once(server, token, confirm=None if args.yes else confirm)
            except AgentError as error:
                print(f"Lỗi: {error}", file=sys.stderr)
                if args.once:
                    return 1
            if args.once:
                return 0
            time.sleep(args.interval)
    except KeyboardInterrupt:
        return 0
    finally:
        token.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
