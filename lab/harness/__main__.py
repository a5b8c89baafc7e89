"""Entry point of ``bin/lab``: ``verify`` or ``measure``, optionally for some frameworks;
``restate`` re-derives the kept runs' figures from their stored rounds (no measuring)."""

from __future__ import annotations

import argparse
import sys

from lab.harness import manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bin/lab", description=__doc__)
    parser.add_argument("command", choices=["verify", "measure", "restate"])
    parser.add_argument("slugs", nargs="*", metavar="slug",
                        help="frameworks (default: every folder in lab/ with a lab.toml)")
    args = parser.parse_args(argv)
    known = manifest.framework_slugs()
    unknown = [s for s in args.slugs if s not in known]
    if unknown:
        parser.error(f"unknown framework(s): {', '.join(unknown)}; known: {', '.join(known)}")
    slugs = args.slugs or known
    if args.command == "restate":
        from lab.harness.measure import MEASURED, PREVIOUS, restate

        for path in (MEASURED, PREVIOUS):
            flagged = restate(path)["investigate"]
            print(f"{path.name}: restated; stalled rounds left out: "
                  + ("; ".join(f"{slug} {f['figure']} round {f['round']}" for slug, fs
                               in flagged.items() for f in fs) or "none"))
        return 0
    if args.command == "verify":
        from lab.harness.verify import run
    else:
        from lab.harness.measure import run
    return run(slugs)


if __name__ == "__main__":
    sys.exit(main())
