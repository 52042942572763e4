#!/usr/bin/env python3
"""Writes a synthetic mailq / postqueue -p listing in Postfix 3.5+'s exact layout (showq_compat.c formats).

Usage: gen-mailq.py MESSAGES [--long] [--ids FILE] > listing.txt   (--ids: also write the bounce IDs, in order, to FILE)
Deterministic (seeded). 10% of the messages are bounces (sender MAILER-DAEMON), spread over the deferred, active,
hold and forced-expire states; some other messages have recipients or senders that contain "MAILER-DAEMON" (the
lines a grep also matches). The last line of stderr is the number of bounces, for checking a selection.
"""
import random
import sys
import time

n = int(sys.argv[1])
long_ids = "--long" in sys.argv
ids_out = open(sys.argv[sys.argv.index("--ids") + 1], "w") if "--ids" in sys.argv else None
rnd = random.Random(42)
alphabet = "0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz"
reasons = [
    "connect to 127.0.0.1[127.0.0.1]:9: Connection refused",
    "delivery temporarily suspended: connect to 127.0.0.1[127.0.0.1]:9: Connection refused",
    "host mx.example.net[192.0.2.1] said: 450 4.7.1 <rcpt@example.net>: Recipient address rejected: Greylisted (in reply to RCPT TO command)",
    "simulated outage",
]


def enc(v, radix, width):
    s = ""
    while True:
        s = alphabet[v % radix] + s
        v //= radix
        if v == 0:
            break
    return s.rjust(width, "0")


out = sys.stdout
w = out.write
base = 1795801957
total = 0
bounces = 0
if long_ids:
    w("%-17s %8s %-19s %s\n" % ("----Queue ID-----", "--Size--", "---Arrival Time----", "--Sender/Recipient------"))
else:
    w("%-11s %7s %-20s %s\n" % ("-Queue ID-", "--Size--", "----Arrival Time----", "-Sender/Recipient-------"))
for i in range(n):
    if i:
        w("\n")
    t = base - rnd.randrange(0, 5 * 86400)
    usec = rnd.randrange(0, 1000000)
    inode = 100000 + i
    qid = (enc(t, 52, 6) + enc(usec, 52, 4) + "z" + enc(inode, 51, 1)) if long_ids else ("%05X%X" % (usec, inode))
    kind = rnd.random()
    bounce = i % 10 == 3
    status = ""
    if kind < 0.05:
        status = "*"
    elif kind < 0.08:
        status = "!"
    if kind > 0.97:
        status += "#"
    if bounce:
        sender = "MAILER-DAEMON"
        bounces += 1
        if ids_out:
            ids_out.write(qid + "\n")
    elif i % 10 == 7:
        sender = "MAILER-DAEMON@relay%d.example.org" % (i % 13)
    else:
        sender = "user%d@sender%d.example.com" % (i % 997, i % 31)
    size = rnd.randrange(200, 200000)
    total += size
    asc = time.strftime("%a %b %e %H:%M:%S %Y", time.gmtime(t))
    if long_ids:
        w("%-17s %8d %19.19s %s\n" % (qid + status, size, asc, sender))
    else:
        w("%-11s %7d %20.20s %s\n" % (qid + status, size, asc + " ", sender))
    saved = ""
    for r in range(1 + (i % 3)):
        why = "" if status.startswith("*") else reasons[(i + r // 2) % len(reasons)]
        if why != saved:
            saved = why
            show = why if why else "reason unavailable"
            w("%*s(%s)\n" % (max(76 - len(show), 0), "", show))
        rcpt = "MAILER-DAEMON@example.net" if i % 10 == 5 and r == 0 else "rcpt%d@dest%d.example.net" % (i % 1009, (i + r) % 17)
        if long_ids:
            w("%-17s %8s %-19s %s\n" % ("", "", "", rcpt))
        else:
            w("%-11s %7s %-20s %s\n" % ("", "", "", rcpt))
if n == 0:
    w("Mail queue is empty\n")
else:
    w("\n-- %d Kbytes in %d Request%s.\n" % (total // 1024, n, "" if n == 1 else "s"))
if ids_out:
    ids_out.close()
print(bounces, file=sys.stderr)
