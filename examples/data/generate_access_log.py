"""Writes examples/data/access.log: a deterministic web server log in Common Log Format, the input
of the session_rollup, generate_profiles and external_join examples.

    python3 examples/data/generate_access_log.py > examples/data/access.log

Each line is `<user id> - - [dd/Mon/yyyy:HH:mm:ss +0000] "GET <path> HTTP/1.0" <status> <bytes>`
(bytes `-` when the answer had no body), sorted by time as a server writes it. Users come back in
visits separated by more than an hour of silence; inside a visit hits are seconds to minutes apart,
a few exactly 20 minutes apart (the session examples' default gap: still the same session). Three
lines are malformed on purpose: the jobs skip and count them.
"""
import datetime
import random
import sys

SEED = 1998
USERS = 120
START = datetime.datetime(1998, 6, 16, 0, 0, 0, tzinfo=datetime.timezone.utc)
PATHS = ["/", "/english/index.html", "/images/hm_hola.gif", "/english/teams/teambio160.htm",
         "/images/space.gif", "/english/history/history_of/images/cup/cup.gif", "/french/index.html",
         "/english/tickets/index.html", "/images/logo_cup.gif", "/english/competition/matches.htm"]
STATUSES = [200] * 14 + [304, 304, 404, 500]
MALFORMED = ["GET /robots.txt", "37518 - - [16/Jun/1998:xx:48:36 +0000] \"GET / HTTP/1.0\" 200 12",
             ""]


def main():
    rnd = random.Random(SEED)
    hits = []
    for user in range(1000, 1000 + USERS):
        t = START + datetime.timedelta(seconds=rnd.randrange(0, 6 * 3600))
        for _visit in range(rnd.randint(1, 5)):
            for _hit in range(rnd.randint(1, 25)):
                status = rnd.choice(STATUSES)
                size = "-" if status == 304 else str(rnd.randint(100, 60000))
                hits.append((t, user, rnd.choice(PATHS), status, size))
                gap = 1200 if rnd.random() < 0.03 else rnd.randint(1, 900)
                t += datetime.timedelta(seconds=gap)
            t += datetime.timedelta(seconds=rnd.randint(3601, 12 * 3600))
    hits.sort()
    lines = [f"{u} - - [{t.strftime('%d/%b/%Y:%H:%M:%S')} +0000] \"GET {p} HTTP/1.0\" {s} {b}"
             for t, u, p, s, b in hits]
    for i, bad in enumerate(MALFORMED):
        lines.insert((i + 1) * len(lines) // 4, bad)
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
