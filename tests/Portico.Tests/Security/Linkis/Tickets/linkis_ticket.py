#!/usr/bin/env python3
"""An independent Linkis v2 ticket cipher, written from the Linkis specification with python3-cryptography.

usage: linkis_ticket.py encrypt <crypt-key> <plaintext>   -> prints the Base64 ticket
       linkis_ticket.py decrypt <crypt-key> <ticket>      -> prints the plaintext, or exits 2 if it does not verify
"""
import base64
import os
import sys

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC


def derive(key: str) -> bytes:
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=b"linkis-ticket-v2", iterations=10000)
    return kdf.derive(key.encode("utf-8"))


def encrypt(key: str, plaintext: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(derive(key)).encrypt(nonce, plaintext.encode("utf-8"), None)  # ciphertext || 16-byte tag
    return base64.b64encode(b"\x02" + nonce + sealed).decode("ascii")


def decrypt(key: str, ticket: str) -> str:
    raw = base64.b64decode(ticket, validate=True)
    if len(raw) < 29 or raw[0] != 2:
        raise ValueError("not a v2 ticket")
    return AESGCM(derive(key)).decrypt(raw[1:13], raw[13:], None).decode("utf-8")


def main() -> int:
    mode, key, value = sys.argv[1], sys.argv[2], sys.argv[3]
    try:
        out = encrypt(key, value) if mode == "encrypt" else decrypt(key, value)
    except (InvalidTag, ValueError) as exc:
        print(type(exc).__name__, file=sys.stderr)
        return 2
    sys.stdout.buffer.write(out.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
