#!/usr/bin/env python3
"""Onboarding measurements for docs/performance.md, run by scripts/perf.sh against release builds.

Against a running api (seeded with `seed dev`), worker and VTEX sandbox it measures, with only the
standard library and one request at a time:

  1. public registration latency (argon2id hashing, consent rows, encrypted bank account);
  2. the gestor's influencer list: a page of 25 with a free-text search, and filtered by status;
  3. approval + campaign assignment with a generated code (one call each);
  4. coupon sync throughput: from the first assignment until every new code is `synced` in the
     api and active in the sandbox.

    scripts/perf_onboarding.py API_URL SANDBOX_URL [REGISTRATIONS]
"""

import json
import statistics
import sys
import time
import urllib.error
import urllib.request
import uuid

API, SANDBOX = sys.argv[1], sys.argv[2]
COUNT = int(sys.argv[3]) if len(sys.argv) > 3 else 200
PASSWORD = "Changeit!2024"


def call(method, path, body=None, token=None, forwarded=None):
    """One request; returns (seconds, status, parsed JSON or None)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{API}/api/v1{path}", data=data, method=method)
    request.add_header("content-type", "application/json")
    if token:
        request.add_header("authorization", f"Bearer {token}")
    if forwarded:
        request.add_header("x-forwarded-for", forwarded)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request) as response:
            payload = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        payload, status = error.read(), error.code
    elapsed = time.perf_counter() - started
    return elapsed, status, (json.loads(payload) if payload else None)


def must(result, expected, what):
    elapsed, status, body = result
    if status != expected:
        sys.exit(f"{what}: HTTP {status} {body}")
    return elapsed, body


def summary(label, seconds):
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    print(f"  {label:<46} n={len(ms):<4} p50 {statistics.median(ms):6.1f} ms   "
          f"p95 {p95:6.1f} ms   max {ms[-1]:6.1f} ms")


def letters(n, width=4):
    """`n` spelled in a-z (names accept letters only)."""
    out = ""
    for _ in range(width):
        n, digit = divmod(n, 26)
        out = chr(ord("a") + digit) + out
    return out


def sign_in(email, n):
    body = {"email": email, "password": PASSWORD}
    _, pair = must(call("POST", "/auth/login", body, forwarded=f"10.8.0.{n}"), 200, email)
    return pair["accessToken"]


def main():
    _, policies = must(call("GET", "/public/policies"), 200, "policies")
    accepted = [p["id"] for p in policies["items"]]
    run = uuid.uuid4().hex[:8]
    tag = "".join(chr(ord("a") + int(c, 16)) for c in run)

    registrations, ids = [], []
    for i in range(COUNT):
        body = {
            "firstName": "Carga", "lastName": f"Prueba {tag} {letters(i)}", "documentType": "CC",
            "documentNumber": f"7{int(run, 16) % 1000:03d}{i:06d}",
            "email": f"carga.{run}.{i}@example.co", "phone": "310 456 7890",
            "city": "Medellín", "department": "Antioquia",
            "socialLinks": [f"https://instagram.com/carga{run}{i}"], "password": PASSWORD,
            "acceptedPolicyVersionIds": accepted, "marketingOptIn": False,
            "bankAccount": {"accountHolder": "Carga Prueba", "bankName": "Bancolombia",
                            "accountType": "ahorros", "accountNumber": f"9{i:010d}"},
        }
        elapsed, created = must(
            call("POST", "/public/influencers", body, forwarded=f"10.7.{i // 250}.{i % 250 + 1}"),
            201, "registration")
        registrations.append(elapsed)
        ids.append(created["id"])
    summary("registration (POST /public/influencers)", registrations)

    gestor = sign_in("gestor@medipiel.co", 1)
    _, total = must(call("GET", "/influencers?pageSize=1", token=gestor), 200, "count")
    searches = [must(call("GET", f"/influencers?q=prueba%20{tag}%20{letters(i)}&pageSize=25", token=gestor),
                     200, "search")[0] for i in range(100)]
    summary(f"list, free-text search ({total['total']} influencers)", searches)
    filtered = [must(call("GET", "/influencers?status=pending&page=2&pageSize=25", token=gestor),
                     200, "filter")[0] for _ in range(100)]
    summary("list, status=pending, page 2", filtered)

    _, campaigns = must(call("GET", "/campaigns?pageSize=100", token=gestor), 200, "campaigns")
    campaign = next(c["id"] for c in campaigns["items"] if c["slug"] == "cetaphil-lanzamiento")
    wave = ids[: min(100, len(ids))]
    approvals = [must(call("PATCH", f"/influencers/{i}/status", {"status": "approved"},
                           token=gestor), 200, "approve")[0] for i in wave]
    summary("approval (PATCH /influencers/:id/status)", approvals)

    assignments, codes = [], []
    first_assignment = time.perf_counter()
    for influencer in wave:
        elapsed, assigned = must(call("POST", f"/influencers/{influencer}/campaigns/{campaign}",
                                      {"generateCode": True}, token=gestor), 201, "assign")
        assignments.append(elapsed)
        codes.append(assigned["code"]["id"])
    last_assignment = time.perf_counter()
    summary("assignment + generated code", assignments)

    pending = set(codes)
    deadline = time.perf_counter() + 300
    while pending and time.perf_counter() < deadline:
        for code in list(pending):
            _, _, body = call("GET", f"/codes/{code}", token=gestor)
            if body and body["sync"]["state"] == "synced":
                pending.discard(code)
        if pending:
            time.sleep(0.2)
    done = time.perf_counter()
    if pending:
        sys.exit(f"{len(pending)} codes never synced")
    with urllib.request.urlopen(f"{SANDBOX}/_sandbox/state") as response:
        state = json.loads(response.read())
    coupons = state.get("coupons", [])
    active = sum(1 for c in coupons if not c.get("isArchived", c.get("is_archived", False)))
    span = done - first_assignment
    print(f"  coupon sync: {len(codes)} codes synced {span:.1f} s after the first assignment "
          f"({len(codes) / span:.1f} codes/s; {done - last_assignment:.1f} s after the last); "
          f"sandbox holds {active} active coupons")


if __name__ == "__main__":
    main()
