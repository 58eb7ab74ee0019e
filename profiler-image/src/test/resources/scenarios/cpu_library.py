"""An importer whose CPU goes into a third-party parsing library, not into its own code."""
import os
import sys

# The library is installed next to this file in a directory named site-packages, as pip would.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "site-packages"))

import slowparse  # noqa: E402


def import_batch(lines):
    records = []
    for line in lines:
        records.append(slowparse.parse_record(line))  # <- hot line
    return records


def main():
    lines = ["id=%d;name=item%d;price=%d.%02d;tags=a,b,c" % (i, i, i, i % 100) for i in range(200)]
    print("READY", flush=True)
    while True:
        import_batch(lines)


if __name__ == "__main__":
    main()
