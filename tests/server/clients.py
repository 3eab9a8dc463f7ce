#!/usr/bin/python3
"""Bounded HTTP clients for tests/server/run.sh and bench/load.sh: many
keep-alive connections at once, slow clients, and a timing comparison. All
on loopback, each with a deadline of its own; non-blocking sockets and one
selector, no threads.

  clients.py conns PORT PATH N [ROUNDS]
      N connections open at once, each sending ROUNDS (2) requests in turn on
      the same connection; prints "N ok" and exits 0 when every request got a
      whole 200 answer within 30 s.
  clients.py slow PORT N SOURCES SECONDS [reconnect]
      N connections from SOURCES (127.x.y.z addresses, comma-separated, used
      in turn) that send one header byte every 5 s; prints how many the
      server closed within SECONDS. With "reconnect", each closed one is
      opened again at once, so that N keep trickling all along.
  clients.py hold PORT FILE N SOURCES SECONDS INTERVAL
      N keep-alive connections from SOURCES, each asking for the next path
      of FILE every INTERVAL seconds for SECONDS; prints requests, errors
      (closed connections, statuses other than 200 and 304) and late
      answers (not within 5 s).
  clients.py rounds PORT FILE ROUNDS
      the paths in FILE (one a line) asked in order, ROUNDS times over, on
      one connection, with If-None-Match: * (so that the time is the
      server's, not the transfer's: a 304 whatever the feed); prints each
      round's time in milliseconds.
  clients.py timing PORT PATH_A PATH_B ROUNDS
      the two paths asked in turn on one connection; prints the median time
      of each in microseconds.
"""
import heapq
import selectors
import socket
import statistics
import sys
import time


def whole_response(buf):
    """(status, length of the whole response) or None when incomplete."""
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return None
    head = buf[:end].decode("latin-1").split("\r\n")
    status = int(head[0].split()[1])
    length = 0
    for line in head[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    if len(buf) < end + 4 + length:
        return None
    return status, end + 4 + length


def connect(port, source=None):
    s = socket.socket()
    if source:
        s.bind((source, 0))
    s.setblocking(False)
    try:
        s.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    return s


def conns(port, path, n, rounds=2):
    request = ("GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % path).encode()
    sel = selectors.DefaultSelector()
    state = {}
    deadline = time.monotonic() + 30
    # Every connection is open before any request is sent: the server has
    # n connections at once, then n requests ready at once.
    socks = []
    for i in range(n):
        s = connect(port)
        socks.append(s)
    for s in socks:
        state[s] = {"left": rounds, "buf": b"", "out": request}
        sel.register(s, selectors.EVENT_WRITE)
    ok = 0
    open_ = n
    while open_ > 0 and time.monotonic() < deadline:
        for key, ev in sel.select(timeout=0.5):
            s = key.fileobj
            st = state[s]
            try:
                if ev & selectors.EVENT_WRITE:
                    sent = s.send(st["out"])
                    st["out"] = st["out"][sent:]
                    if not st["out"]:
                        sel.modify(s, selectors.EVENT_READ)
                    continue
                data = s.recv(65536)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            if not data:
                sel.unregister(s)
                s.close()
                open_ -= 1
                continue
            st["buf"] += data
            r = whole_response(st["buf"])
            if r is None:
                continue
            st["buf"] = st["buf"][r[1]:]
            if r[0] == 200:
                ok += 1
            st["left"] -= 1
            if st["left"] == 0:
                sel.unregister(s)
                s.close()
                open_ -= 1
            else:
                st["out"] = request
                sel.modify(s, selectors.EVENT_WRITE)
    for key in list(sel.get_map().values()):
        key.fileobj.close()
    print("%d ok" % (ok // rounds if ok == n * rounds else ok / rounds))
    return 0 if ok == n * rounds else 1


def slow(port, n, sources, seconds, reconnect=False):
    """Slow clients: each sends one byte of a request every 5 s."""
    text = b"GET /feeds/x.ics HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200
    sources = sources.split(",")
    sel = selectors.DefaultSelector()
    pos = {}
    closed = 0

    def open_one(i):
        s = connect(port, sources[i % len(sources)])
        pos[s] = 0
        sel.register(s, selectors.EVENT_READ)

    def close_one(s):
        nonlocal closed
        closed += 1
        sel.unregister(s)
        del pos[s]
        s.close()
        if reconnect:
            open_one(closed)

    for i in range(n):
        open_one(i)
    end = time.monotonic() + seconds
    next_byte = time.monotonic()
    while time.monotonic() < end and pos:
        if time.monotonic() >= next_byte:
            for s in list(pos):
                try:
                    s.send(text[pos[s]:pos[s] + 1])
                    pos[s] += 1
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError:
                    close_one(s)
            next_byte += 5
        for key, _ in sel.select(timeout=0.2):
            s = key.fileobj
            if s not in pos:
                continue
            try:
                if not s.recv(4096):
                    close_one(s)
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:
                close_one(s)
    for s in list(pos):
        s.close()
    print("%d closed" % closed)
    return 0


def hold(port, path_file, n, sources, seconds, interval):
    """n keep-alive connections, each polling the next path in turn. What
    is due next waits in a heap (one valid entry a connection), so that
    the client spends its time on the connections that are due, not on
    all of them every round."""
    paths = open(path_file).read().split()
    sources = sources.split(",")
    sel = selectors.DefaultSelector()
    conn = {}
    due = []  # (when, sequence, socket): a request to send, or a deadline
    stats = {"requests": 0, "errors": 0, "late": 0}
    seq = 0
    k = 0

    def at(s, when):
        nonlocal seq
        seq += 1
        conn[s]["valid"] = seq
        heapq.heappush(due, (when, seq, s))

    def open_one(i, when):
        s = connect(port, sources[i % len(sources)])
        conn[s] = {"buf": b"", "sent": None, "out": b""}
        sel.register(s, selectors.EVENT_READ)
        at(s, when)

    start = time.monotonic()
    for i in range(n):  # spread over the first interval
        open_one(i, start + interval * i / n)
    end = start + seconds
    while time.monotonic() < end:
        now = time.monotonic()
        while due and due[0][0] <= now:
            _, q, s = heapq.heappop(due)
            c = conn.get(s)
            if c is None or c["valid"] != q:
                continue
            if c["sent"] is not None:  # no answer within 5 s
                stats["late"] += 1
                c["sent"] = None
                at(s, now + interval)
                continue
            c["out"] = ("GET %s HTTP/1.1\r\nHost: x\r\n\r\n"
                        % paths[k % len(paths)]).encode()
            k += 1
            c["sent"] = now
            at(s, now + 5)
            sel.modify(s, selectors.EVENT_READ | selectors.EVENT_WRITE)
        wait = min(0.2, max(0.0, due[0][0] - time.monotonic())) if due else 0.2
        for key, ev in sel.select(timeout=wait):
            s = key.fileobj
            c = conn.get(s)
            if c is None:
                continue
            try:
                if ev & selectors.EVENT_WRITE and c["out"]:
                    c["out"] = c["out"][s.send(c["out"]):]
                    if not c["out"]:
                        sel.modify(s, selectors.EVENT_READ)
                    continue
                data = s.recv(1 << 20)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            if not data:
                stats["errors"] += 1
                sel.unregister(s)
                del conn[s]
                s.close()
                open_one(seq, time.monotonic() + interval)
                continue
            c["buf"] += data
            r = whole_response(c["buf"])
            if r is None:
                continue
            c["buf"] = c["buf"][r[1]:]
            stats["requests"] += 1
            if r[0] not in (200, 304):
                stats["errors"] += 1
            c["sent"] = None
            at(s, time.monotonic() + interval)
    for s in conn:
        s.close()
    print("%(requests)d requests %(errors)d errors %(late)d late" % stats)
    return 0


def asker(port, headers=""):
    """A function asking for a path on one keep-alive connection and
    returning the status and the seconds it took."""
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def ask(path):
        t = time.perf_counter()
        s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\n%s\r\n"
                   % (path, headers)).encode())
        buf = b""
        while (r := whole_response(buf)) is None:
            data = s.recv(1 << 20)
            if not data:
                raise SystemExit("connection closed")
            buf += data
        return r[0], time.perf_counter() - t
    return ask, s


def rounds(port, path_file, n):
    paths = open(path_file).read().split()
    ask, s = asker(port, "If-None-Match: *\r\n")
    out = []
    for _ in range(n):
        t = time.perf_counter()
        for p in paths:
            if ask(p)[0] != 304:
                raise SystemExit("not 304: " + p)
        out.append("%d" % ((time.perf_counter() - t) * 1000))
    s.close()
    print(" ".join(out))
    return 0


def timing(port, a, b, rounds):
    get, s = asker(port)
    times = {a: [], b: []}

    def ask(path):
        times[path].append(get(path)[1])

    for _ in range(20):  # warm-up
        ask(a)
        ask(b)
    times = {a: [], b: []}
    for i in range(rounds):
        # In turn, and which goes first alternates: drift hits both alike.
        for path in ((a, b) if i % 2 == 0 else (b, a)):
            ask(path)
    s.close()
    print("%d %d" % (statistics.median(times[a]) * 1e6,
                     statistics.median(times[b]) * 1e6))
    return 0


def main(argv):
    cmd, port = argv[1], int(argv[2])
    if cmd == "conns":
        return conns(port, argv[3], int(argv[4]),
                     int(argv[5]) if len(argv) > 5 else 2)
    if cmd == "slow":
        return slow(port, int(argv[3]), argv[4], float(argv[5]),
                    len(argv) > 6 and argv[6] == "reconnect")
    if cmd == "hold":
        return hold(port, argv[3], int(argv[4]), argv[5], float(argv[6]),
                    float(argv[7]))
    if cmd == "rounds":
        return rounds(port, argv[3], int(argv[4]))
    if cmd == "timing":
        return timing(port, argv[3], argv[4], int(argv[5]))
    raise SystemExit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
