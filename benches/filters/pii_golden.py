"""Writes crates/tamis-filters/tests/golden/pii_datatrove.jsonl: datatrove's
PIIFormatter (e-mails and IPv4, defaults; a fresh formatter per document so the
replacement rotation restarts, as in tamis) applied to our own PII fixtures."""
import json, os

from datatrove.pipeline.formatters import PIIFormatter

G = os.path.join(os.path.dirname(__file__), "..", "..", "crates", "tamis-filters", "tests", "golden")
TEXTS = [
    "Contact jane.doe@example.org or press@news-site.co.uk for details.",
    "Mail: first.last+tag@sub.domain.fr, other@x.io; also (bob@mail.com).",
    "Server at 8.8.8.8 answered, the router 192.168.0.1 did not.",
    "Hosts 10.0.0.1, 127.0.0.1, 172.16.5.4, 100.64.1.1 and 203.0.113.9 are not public; 1.1.1.1 is.",
    "Two public ones: 93.184.216.34 and 151.101.1.69, then 9.9.9.9 again 8.8.4.4.",
    "No PII here: version 3.11, price 12.50, date 2024-05-01.",
    "Brackets user@[192.168.2.1] and plain 255.255.255.255 broadcast.",
    "Emails in a row a@b.co b@c.co c@d.co, IPs 1.0.0.1 and 4.4.4.4.",
]
with open(os.path.join(G, "pii_datatrove.jsonl"), "w") as f:
    for t in TEXTS:
        f.write(json.dumps({"text": t, "datatrove": PIIFormatter().format(t)}, ensure_ascii=False) + "\n")
print(len(TEXTS), "PII fixtures")
