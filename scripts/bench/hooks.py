#!/usr/bin/env python3
"""Signed VTEX hook notifications for `make bench` (scripts/bench.sh), one per line:
`<x-vtex-hmac-sha256>\t<body>`. Each body names a distinct order and is serialised once, so the
signature covers its exact bytes — the lower-case hex HMAC-SHA256 of the raw body keyed with the
webhook secret (vtex.md §2.2, services/api/src/webhook_auth.rs; the sandbox signs the same way).

    hooks.py OUT --secret S --prefix P --count N   orders P-0000000-01 … (not in any OMS)
    hooks.py OUT --secret S --ids FILE             the order ids listed in FILE, one per line
"""
import argparse
import hashlib
import hmac
import json
from datetime import datetime, timezone


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--secret", required=True)
    parser.add_argument("--prefix")
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--ids")
    parser.add_argument("--account", default="medipiel")
    parser.add_argument("--key", default="vtexappkey-medipiel-KQZTRB")
    args = parser.parse_args()
    if args.ids:
        with open(args.ids) as listed:
            ids = [line.strip() for line in listed if line.strip()]
    else:
        ids = (f"{args.prefix}-{i:07d}-01" for i in range(args.count))
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f0Z")
    secret = args.secret.encode()
    written = 0
    with open(args.out, "w") as out:
        for order_id in ids:
            body = json.dumps({
                "Domain": "Marketplace", "OrderId": order_id, "State": "ready-for-handling",
                "LastState": "payment-approved", "LastChange": now, "CurrentChange": now,
                "Origin": {"Account": args.account, "Key": args.key},
            }, separators=(",", ":"))
            signature = hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()
            out.write(f"{signature}\t{body}\n")
            written += 1
    print(written)


if __name__ == "__main__":
    main()
