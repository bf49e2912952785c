"""Differential check: Swanilai's Observatory grader against the scanner's own code.

Generates scan cases (cases.py), feeds each to the scanner through scanner_harness.mjs and to
portfolio.observatory, and reports every case where outcome, pass flag, modifier, score, grade or
the no-grade error differ. Developer tool, not part of `make test`; see README.md.

    .venv/bin/python tools/observatory_compare/compare.py --scanner /tmp/obs/scanner --count 2000
"""

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1])]

from cases import DOMAIN_INPUTS, PRELOAD, generate, generate_html  # noqa: E402

from portfolio import observatory as obs  # noqa: E402
from portfolio.webparse import PreloadList, page_text, parse_html, reflect_script_src, registrable_domain  # noqa: E402


def write_scanner_conf(scanner: Path) -> None:
    """The preload list of this run in the scanner's own format (what its postinstall would write),
    and an empty TLD list (only its API reads that)."""
    entries = {
        e["name"]: {
            "includeSubDomains": bool(e.get("include_subdomains")),
            "includeSubDomainsForPinning": bool(e.get("include_subdomains")),
            "mode": e.get("mode"),
            "pinned": False,
        }
        for e in PRELOAD
    }
    (scanner / "conf" / "hsts-preload.json").write_text(json.dumps(entries, indent=2))
    tld_list = scanner / "conf" / "tld-list.json"
    if not tld_list.exists():
        tld_list.write_text("[]")


def run_scanner(scanner: Path, requests: list[dict], env: dict | None = None) -> dict[str, dict]:
    payload = "".join(json.dumps(r) + "\n" for r in requests)
    done = subprocess.run(
        ["node", str(HERE / "scanner_harness.mjs"), str(scanner)],
        input=payload,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    answers = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return {a["id"]: a for a in answers}


def to_response(recorded: dict) -> obs.Response:
    headers = [tuple(h) for h in recorded.get("headers", [])]
    return obs.Response(recorded["url"], recorded["status"], headers, recorded.get("body", ""))


def to_chain(recorded: dict | None) -> obs.Chain:
    if not recorded:
        return obs.Chain()
    return obs.Chain(
        [to_response(r) for r in recorded["responses"]],
        verified=recorded["verified"],
        side_responses=[to_response(r) for r in recorded.get("side_responses", [])],
    )


def ours(case: dict) -> dict:
    preflight = case.get("preflight")
    scan = obs.Scan(
        host=case["host"],
        http=to_chain(case["http"]),
        https=to_chain(case["https"]),
        preflight=to_response({"url": "", **preflight}) if preflight else None,
        preloaded=PreloadList(PRELOAD),
    )
    return grade_summary(obs.grade(scan))


def grade_summary(result: obs.Grade) -> dict:
    if result.error:
        return {"error": "status" if result.error.startswith("status-") else result.error}
    tests = {
        name: {"pass": t.passed, "result": t.result, "modifier": t.modifier}
        for name, t in result.tests.items()
    }
    return {"score": result.score, "grade": result.grade, "tests": tests}


def theirs(answer: dict) -> dict:
    if "error" in answer:
        error = answer["error"]
        return {"error": "status" if error.startswith("status-") else error}
    return {"score": answer["score"], "grade": answer["grade"], "tests": answer["tests"]}


def differences(mine: dict, scanner: dict) -> list[str]:
    if "error" in mine or "error" in scanner:
        return [] if mine.get("error") == scanner.get("error") else [f"error {mine} vs {scanner}"[:300]]
    found = []
    for name, expected in scanner["tests"].items():
        got = mine["tests"].get(name)
        if got != expected:
            found.append(f"{name}: ours {got} / scanner {expected}")
    for key in ("score", "grade"):
        if mine[key] != scanner[key]:
            found.append(f"{key}: ours {mine[key]} / scanner {scanner[key]}")
    return found


def html_facts(body: str) -> dict:
    text = page_text(body)
    document, fragment = parse_html(text), parse_html(text, fragment=True)
    scripts = [
        [None if s.foreign else reflect_script_src(s.src or ""), s.integrity] for s in document.scripts
    ]
    referrer = [fragment.referrer_meta] if fragment.referrer_meta is not None else []
    return {"scripts": scripts, "csp": fragment.csp_metas, "referrer": referrer}


def compare_html(scanner: Path, count: int, seed: int, show: int) -> int:
    """Scripts and meta tags found in generated pages: ours against jsdom's."""
    bodies = generate_html(count, seed)
    answers = run_scanner(scanner, [{"id": str(i), "html": body} for i, body in enumerate(bodies)])
    bad = 0
    for i, body in enumerate(bodies):
        theirs_ = {k: answers[str(i)].get(k) for k in ("scripts", "csp", "referrer")}
        mine = html_facts(body)
        if any(theirs_[k] != mine[k] for k in ("csp", "referrer")) or [s[0] for s in theirs_["scripts"]] != [
            s[0] for s in mine["scripts"]
        ]:
            bad += 1
            if bad <= show:
                print(f"--- html {i}: {body!r}\n  ours    {mine}\n  scanner {theirs_}")
    return bad


def compare_domains(scanner: Path) -> list[str]:
    inputs = DOMAIN_INPUTS + [f"https://{d}/x.js" for d in DOMAIN_INPUTS]
    answer = run_scanner(scanner, [{"id": "domains", "domains": inputs}])["domains"]["domains"]
    problems = []
    for value, expected in zip(inputs, answer, strict=True):
        host = value.split("/")[2] if value.startswith("https://") else value
        got = registrable_domain(host.strip("[]"))
        if got != expected:
            problems.append(f"domain of {value!r}: ours {got!r} / tldts {expected!r}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scanner", type=Path, required=True, help="unpacked scanner with node_modules")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--area", action="append", help="only these areas (repeatable)")
    parser.add_argument("--show", type=int, default=20, help="disagreeing cases to print in full")
    parser.add_argument("--dump", type=Path, help="write the disagreeing cases here (JSON)")
    parser.add_argument("--html", type=int, default=0, help="also compare this many generated pages' tags")
    parser.add_argument("--live", action="store_true", help="also scan local servers with both (end to end)")
    args = parser.parse_args()

    write_scanner_conf(args.scanner)
    cases = generate(args.count, args.seed, args.area)
    answers = run_scanner(args.scanner, cases)
    per_area, bad, shown = Counter(), [], 0
    for case in cases:
        per_area[case["area"]] += 1
        found = differences(ours(case), theirs(answers[case["id"]]))
        if found:
            bad.append({"case": case, "differences": found})
            if shown < args.show:
                shown += 1
                print(f"--- {case['id']}\n" + json.dumps(case)[:1500] + "\n  " + "\n  ".join(found))
    domain_problems = compare_domains(args.scanner)
    print("\n".join(domain_problems))
    html_bad = compare_html(args.scanner, args.html, args.seed, args.show) if args.html else 0
    if args.html:
        print(f"pages compared: {args.html}; disagreeing: {html_bad}")
    live_bad = []
    if args.live:
        import live

        live_bad = live.run(sys.modules[__name__], args.scanner)
        for name, found in live_bad:
            print(f"--- live {name}\n  " + "\n  ".join(found))
        print(f"live scenarios compared: {len(live.SCENARIOS)}; disagreeing: {len(live_bad)}")
    by_area = Counter(b["case"]["area"] for b in bad)
    print(f"\ncases compared: {len(cases)}; disagreements: {len(bad)}")
    print(f"domain checks failing: {len(domain_problems)}")
    for area, total in sorted(per_area.items()):
        print(f"  {area:12} {total:5} cases, {by_area[area]:4} disagree")
    if args.dump:
        args.dump.write_text(json.dumps(bad, indent=1))
    return 1 if bad or domain_problems or html_bad or live_bad else 0


if __name__ == "__main__":
    sys.exit(main())
