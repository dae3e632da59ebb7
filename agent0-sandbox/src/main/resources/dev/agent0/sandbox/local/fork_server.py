"""Agent0 fork server: runs untrusted Python snippets, one forked child per snippet.

Started by dev.agent0.sandbox.local.ForkServer with an empty environment. Protocol on fds 0/1
(moved to private fds at start-up): 4-byte big-endian length + UTF-8 JSON, one request, one reply.
Design, hostile cases and measurements: docs/sandbox.md and ../shared/docs/SANDBOX.md.

Processes: the server runs as pid 1 of its own pid + network namespace (so killing it kills
everything) and talks to the JVM; a zygote, forked once from it after the preload, forks the snippet
children. The server itself never forks per snippet, so its heap is never write-protected by a fork
and it takes no copy-on-write faults while it parses, polls and replies.
Per snippet (tier "full", as root) the zygote forks once into a fresh pid namespace: the snippet
process is pid 1 there, so every process it starts dies with it. The child prefaults the pages
snippets usually write, starts a session, unshares mount/ipc/uts, mounts private tmpfs and a fresh
/proc, and waits for its code; then it sets rlimits, drops to the worker's uid, sets no-new-privs,
re-arms the parent-death signal, loads seccomp and execs the code in-process (sympy/numpy stay warm).
"""
import array, base64, ctypes, errno, gc, json, os, resource, select, signal, socket, struct, sys, time

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 1, 38, 22, 2
TMPFS_DIRS = ("/tmp", "/dev/shm", "/var/tmp", "/run/lock")
MADV_POPULATE_WRITE = 23   # Linux >= 5.14; EINVAL before: prefaulting is then skipped
MEMORY_EXIT = 201   # snippet died of MemoryError (also reported on the report pipe)
SETUP_EXIT = 202    # sandbox set-up failed inside the child: a sandbox error, not the program's

libc = ctypes.CDLL(None, use_errno=True)
libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong,
                       ctypes.c_char_p]
libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
libc.madvise.restype = ctypes.c_int


def check(rc, what):
    if rc != 0:
        e = ctypes.get_errno()
        raise OSError(e, "%s: %s" % (what, os.strerror(e)))


def unshare(flags):
    check(libc.unshare(ctypes.c_int(flags)), "unshare(%#x)" % flags)


def mount(src, tgt, fstype, flags, data):
    enc = lambda s: None if s is None else s.encode()
    check(libc.mount(enc(src), enc(tgt), enc(fstype), flags, enc(data)), "mount " + tgt)


def prctl(option, arg):
    check(libc.prctl(option, ctypes.c_ulong(arg), ctypes.c_ulong(0), ctypes.c_ulong(0),
                     ctypes.c_ulong(0)), "prctl(%d)" % option)


def read_exact(fd, n):
    buf = b""
    while len(buf) < n:
        chunk = os.read(fd, n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def frame(obj):
    data = json.dumps(obj).encode()
    return struct.pack(">I", len(data)) + data


def write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


# ---------------------------------------------------------------- start-up (once per server)

def build_seccomp():
    """No new namespaces, mounts, ptrace, bpf, keyrings or module loads; sockets only AF_UNIX."""
    import seccomp
    f = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    eperm = seccomp.ERRNO(errno.EPERM)
    for name in ("unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "ptrace",
                 "bpf", "keyctl", "add_key", "request_key", "perf_event_open", "kexec_load",
                 "init_module", "finit_module", "delete_module", "reboot", "swapon", "swapoff",
                 "process_vm_readv", "process_vm_writev", "userfaultfd", "open_by_handle_at",
                 "name_to_handle_at", "sethostname", "setdomainname", "acct", "quotactl",
                 "fsopen", "fsmount", "fsconfig", "move_mount", "open_tree", "mount_setattr"):
        try:
            f.add_rule(eperm, name)
        except (RuntimeError, ValueError, OSError):
            pass  # syscall unknown to this libseccomp: nothing to block
    for bit in (CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC, CLONE_NEWUTS):
        f.add_rule(eperm, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, bit, bit))
    # clone3 passes flags in memory seccomp cannot read: ENOSYS makes glibc fall back to clone.
    f.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    f.add_rule(seccomp.ERRNO(errno.EAFNOSUPPORT), "socket", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
    f.add_rule(seccomp.ERRNO(errno.EAFNOSUPPORT), "socketpair", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
    return f


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


class Seccomp:
    """The filter as raw BPF, compiled once per server; loading it per snippet is one prctl."""

    def __init__(self):
        r, w = os.pipe()
        with os.fdopen(w, "wb") as out:
            build_seccomp().export_bpf(out)
        with os.fdopen(r, "rb") as inp:
            bpf = inp.read()
        self.buf = ctypes.create_string_buffer(bpf, len(bpf))
        self.prog = SockFprog(len(bpf) // 8, ctypes.cast(self.buf, ctypes.c_void_p))
        self.args = (ctypes.c_int(PR_SET_SECCOMP), ctypes.c_ulong(SECCOMP_MODE_FILTER),
                     ctypes.byref(self.prog), ctypes.c_ulong(0), ctypes.c_ulong(0))

    def load(self):
        check(libc.prctl(*self.args), "prctl(PR_SET_SECCOMP)")


# Typical tool-call work, run once per server after the import: sympy loads many submodules
# lazily on first use (polys, simplify, solvers), which otherwise every forked child would redo
# (a light sympy snippet went from ~207 to ~127 ms on the loaded 2-core VM). Results are thrown
# away and sympy's memo cache is cleared, so snippets compute everything themselves.
WARM_UP = {
    "sympy": """
import sympy as sp
x, y = sp.symbols('x y')
sp.factor(x**2 - 1); sp.expand((x + y)**3); sp.simplify(sp.sin(x)**2 + sp.cos(x)**2)
sp.solve(x**2 - 2, x); sp.diff(sp.sin(x) * x, x); sp.integrate(x * sp.exp(x), x)
sp.Rational(1, 3) + sp.sqrt(2); sp.nsimplify(0.5); sp.N(sp.pi, 20)
sp.Matrix([[1, 2], [3, 4]]).det(); sp.sympify('x**2 + 2*x + 1'); sp.latex(x**2); str(x**2)
sp.core.cache.clear_cache()
""",
    "numpy": """
import numpy as np
np.linalg.solve(np.eye(2), np.ones(2)); np.random.rand(3).sum(); np.array([1.5]).tolist()
""",
}


def warm_up(name):
    code = WARM_UP.get(name)
    if code:
        exec(compile(code, "<warm-up %s>" % name, "exec"), {"__name__": "__warmup__"})


def reseed():
    """Forked children share the parent's RNG state, so the zygote reseeds numpy's global
    generator from the OS before every fork: each snippet inherits a fresh, unshared stream.
    Python's `random` needs nothing: it registers its own reseed-in-the-child at-fork hook."""
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(int.from_bytes(os.urandom(4), "little"))


# ---------------------------------------------------------------- copy-on-write prefaulting
#
# On the paravirtualised 2-core VM this was built on, every page fault costs ~13 us (~40 us under
# load), 10-30x bare metal; a forked child that runs print(1) takes ~450 copy-on-write faults and
# a light sympy snippet ~2,000, which made faults most of a snippet's cost. MADV_POPULATE_WRITE
# breaks copy-on-write for a whole run of pages in one system call, at ~1/4 of the per-page cost.
# Which pages: those a representative snippet wrote, learnt once per server (written_pages below).
# It only changes when pages are copied, never what a snippet sees.

PAGE = os.sysconf("SC_PAGE_SIZE")
MAX_RUNS = 8192     # keeps the run list in one socket message (8192 x 16 bytes)


def private_writable_ranges():
    """(start, end) of this process's private writable mappings: what a fork shares copy-on-write
    (malloc heap, Python's arenas, libraries' data, stack)."""
    out = []
    with open("/proc/self/maps") as f:
        for line in f:
            fields = line.split()
            perms = fields[1]
            if perms[1] == "w" and perms[3] == "p" and not (len(fields) > 5
                                                             and fields[5].startswith("[v")):
                start, end = fields[0].split("-")
                out.append((int(start, 16), int(end, 16)))
    return out


def written_pages():
    """Runs of pages this forked process has written so far, as (address, bytes) pairs.

    A page the child wrote is its own copy, flagged "exclusively mapped" (bit 56) in
    /proc/self/pagemap; a page it only read is still shared with its parent."""
    runs = []
    fd = os.open("/proc/self/pagemap", os.O_RDONLY)
    try:
        for start, end in private_writable_ranges():
            for chunk in range(start, end, PAGE << 16):
                n = (min(end, chunk + (PAGE << 16)) - chunk) // PAGE
                entries = array.array("Q")
                entries.frombytes(os.pread(fd, n * 8, chunk // PAGE * 8))
                page = chunk
                for e in entries:
                    if e >> 63 and (e >> 56) & 1:     # present, and exclusively ours
                        if runs and runs[-1][0] + runs[-1][1] == page:
                            runs[-1][1] += PAGE
                        else:
                            runs.append([page, PAGE])
                    page += PAGE
    finally:
        os.close(fd)
    return runs[:MAX_RUNS]


def prefault(runs):
    """Copy the given runs of pages now, one system call per run (errors ignored: speed only)."""
    madvise = libc.madvise
    for start, length in runs:
        madvise(start, length, MADV_POPULATE_WRITE)


def skip_threading_after_fork():
    """Makes threading's after-fork hook a no-op in this process; returns (hook, its code) so a
    child can put it back (its own forks then get the real hook), or None if not applicable.

    The hook rebuilds threading's locks and thread table in every child, which cost ~150
    copy-on-write faults and ~60 % of a child's start-up time when sympy/numpy were preloaded
    (measured: 276 -> 125 faults). It repairs state left behind by *other* threads at fork time;
    the zygote has only its main thread, so in its children the hook has nothing to repair.
    """
    threading = sys.modules.get("threading")
    hook = getattr(threading, "_after_fork", None)
    if hook is None or threading.active_count() != 1 or getattr(threading, "_limbo", None) \
            or threading.current_thread() is not threading.main_thread():
        return None
    code = hook.__code__
    hook.__code__ = (lambda: None).__code__
    return hook, code


HOT_SET_MARK = b"\n#agent0-hot-set "
# Probe snippet of servers without a preload; servers with one run their WARM_UP code instead.
PROBE_LEAN = "values = [i * i for i in range(1000)]\nprint(sum(values), len(str(values)), 'ok')\n"


class Zygote:
    """The process that forks snippet children, and the server's handle on it.

    Forked once from the server after the preload. A fork write-protects every page of the forking
    process, so each page it writes afterwards costs a copy-on-write fault: when the server forked
    the children itself, its own per-snippet work (JSON, polling, replies) took ~200 such faults per
    snippet (~65 % of its CPU, measured). The zygote's loop touches far fewer pages per fork, and
    the server never forks on the hot path.

    Messages on a SOCK_SEQPACKET socket pair, one per datagram. Server to zygote:
      F <tmpfs_bytes> <probe>  fork the next child
      H <runs>                 the pages children prefault (packed uint64 address/length pairs)
    Zygote to server:
      P <pid>                  the forked child, with its five pipe ends and a pidfd attached
      X <pid> <status> <cpu>   a child exited and was reaped (wait status, CPU ms from wait4);
                               sent as soon as it happens, so no round trip follows a snippet
      H <pages>                the prefault list was accepted
      E <text>                 the last command failed
    The server signals children through their pidfds, which cannot hit a reused pid.
    """

    def __init__(self, server):
        self.server = server
        self.hot = []
        self.exits = {}                           # pid -> (wait status, cpu ms), not yet used

    # ------------------------------------------------------------ in the server

    def start(self):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pid = os.fork()
        if pid == 0:
            ours.close()
            self.main(theirs)                     # never returns
        theirs.close()
        self.sock, self.pid = ours, pid

    def send(self, msg):
        self.sock.send(msg)

    def receive(self):
        """The next message that is not an exit report (exit reports are filed in self.exits)."""
        while True:
            msg, fds = self.receive_one()
            if msg is not None:
                return msg, fds

    def receive_one(self):
        """One message: (None, []) for an exit report, else (message, attached fds)."""
        msg, fds, _, _ = socket.recv_fds(self.sock, 256, 6)
        if not msg:
            raise OSError(errno.EPIPE, "zygote died")
        if msg.startswith(b"X "):
            pid, status, cpu_ms = msg[2:].split()
            self.exits[int(pid)] = (int(status), float(cpu_ms))
            return None, []
        return msg, fds

    # ------------------------------------------------------------ in the zygote

    def main(self, sock):
        try:
            self.sock = sock
            prctl(PR_SET_PDEATHSIG, signal.SIGKILL)   # server gone -> zygote gone
            os.close(self.server.rfd)             # only the server talks to the JVM
            os.close(self.server.wfd)
            self.setup()
            self.serve()
        except (BrokenPipeError, ConnectionResetError):
            pass                                  # the server is gone; so are we
        except BaseException as e:
            os.write(2, ("zygote: %s: %s\n" % (type(e).__name__, e)).encode())
        finally:
            os._exit(0)

    def setup(self):
        """Once per zygote, what every child used to repeat (~165 copy-on-write faults each)."""
        os.environ.clear()                        # snippets start with an empty environment
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        # Objects on fds 0/1/2, which are the snippet's pipes in each child; the zygote never
        # writes through them (its own messages go to fd 2 with os.write), so no child inherits
        # buffered text.
        sys.stdin = open(0, "r", closefd=False)
        sys.stdout = open(1, "w", closefd=False)
        sys.stderr = open(2, "w", closefd=False)
        sys.argv = ["<snippet>"]
        if self.server.tier != "none":
            unshare(CLONE_NEWNS)                  # children copy this tree: / already read-only
            try:   # the root filesystem read-only for snippets (submounts keep their flags)
                mount(None, "/", None, MS_REMOUNT | MS_BIND | MS_RDONLY, None)
            except OSError:
                pass
        self.threading_hook = skip_threading_after_fork()
        gc.collect()
        gc.freeze()

    def serve(self):
        sock = self.sock
        buf = bytearray(1 << 20)                  # allocated once: fewer pages touched per fork
        poller = select.poll()
        poller.register(sock, select.POLLIN)
        children = {}                             # pidfd -> pid of each unreaped child
        while True:
            for fd, _ in poller.poll():
                if fd in children:                # a child exited: reap it and say so at once
                    pid = children.pop(fd)
                    poller.unregister(fd)
                    os.close(fd)
                    _, status, ru = os.wait4(pid, 0)
                    sock.send(b"X %d %d %.3f" % (pid, status,
                                                 (ru.ru_utime + ru.ru_stime) * 1000.0))
                    continue
                n = sock.recv_into(buf)
                if n == 0:
                    return                        # the server closed its end
                try:
                    if buf[0] == ord("F"):
                        tmpfs_bytes, probe = bytes(buf[2:n]).split()
                        pid, pidfd = self.fork_child(int(tmpfs_bytes), probe == b"1")
                        children[pidfd] = pid
                        poller.register(pidfd, select.POLLIN)
                    elif buf[0] == ord("H"):
                        sock.send(self.set_hot(bytes(buf[2:n])))
                    else:
                        raise ValueError("unknown command %r" % bytes(buf[:1]))
                except Exception as e:            # reported to the server as a sandbox error
                    sock.send(("E %s: %s" % (type(e).__name__, e)).encode())

    def set_hot(self, data):
        flat = array.array("Q")
        flat.frombytes(data)
        runs = [(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]
        if runs and libc.madvise(runs[0][0], runs[0][1], MADV_POPULATE_WRITE) != 0:
            e = ctypes.get_errno()
            if e == errno.EINVAL:
                raise OSError(e, "MADV_POPULATE_WRITE unsupported (Linux < 5.14): no prefaulting")
        self.hot = runs
        return b"H %d" % (sum(n for _, n in runs) // PAGE)

    def fork_child(self, tmpfs_bytes, probe):
        in_r, in_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        rep_r, rep_w = os.pipe()
        req_r, req_w = os.pipe()
        theirs = [in_w, out_r, err_r, rep_r, req_w]
        mine = (in_r, out_w, err_w, rep_w, req_r)
        reseed()
        try:
            pid = self.server.fork_snippet()
        except OSError:
            for fd in theirs + list(mine):
                os.close(fd)
            raise
        if pid == 0:
            code = SETUP_EXIT
            try:
                if self.threading_hook:
                    hook, hook_code = self.threading_hook
                    hook.__code__ = hook_code
                self.sock.close()
                for fd in theirs:
                    os.close(fd)
                code = self.server.snippet(self.hot, tmpfs_bytes, probe, in_r, out_w, err_w,
                                           rep_w, req_r)
            finally:
                os._exit(code)
        for fd in mine:
            os.close(fd)
        pidfd = os.pidfd_open(pid)                # works on a zombie too: no exit is missed
        try:
            socket.send_fds(self.sock, [b"P %d" % pid], theirs + [pidfd])
        finally:
            for fd in theirs:
                os.close(fd)
        return pid, pidfd


class Server:
    def __init__(self, opts):
        self.tier = opts["tier"]            # full | userns | none
        self.uid = int(opts.get("uid", 65534))
        self.preload = opts.get("preload", [])
        self.tmpfs_bytes = int(opts.get("tmpfs_bytes", 64 << 20))
        self.seccomp = None
        self.zygote = None
        self.ready = None                         # the prepared child, once received
        self.pending = None                       # tmpfs size of a child asked for, not received
        self.fork_error = ""

    def start(self):
        if not (hasattr(os, "pidfd_open") and hasattr(socket, "send_fds")):
            raise RuntimeError("needs Python >= 3.9 (os.pidfd_open, socket.send_fds), this is "
                               + sys.version.split()[0])
        os.close(os.pidfd_open(os.getpid()))      # ENOSYS before Linux 5.3: fail at start
        # Keep the protocol off fds 0/1/2 so snippet children can be given fresh ones.
        self.rfd = os.dup(0)
        self.wfd = os.dup(1)
        null = os.open("/dev/null", os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(null, 1)
        os.close(null)
        if self.tier == "full":
            unshare(CLONE_NEWNET | CLONE_NEWPID)   # one empty network namespace for all snippets
        elif self.tier == "userns":
            uid, gid = os.getuid(), os.getgid()
            unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWPID)
            with open("/proc/self/setgroups", "w") as f:
                f.write("deny")
            with open("/proc/self/uid_map", "w") as f:
                f.write("0 %d 1" % uid)
            with open("/proc/self/gid_map", "w") as f:
                f.write("0 %d 1" % gid)
        if self.tier != "none":
            self.become_namespace_init()
            self.pidns = os.open("/proc/self/ns/pid", os.O_RDONLY)
            unshare(CLONE_NEWNS)                  # private mount tree, copied per snippet
            mount(None, "/", None, MS_REC | MS_PRIVATE, None)
            self.seccomp = Seccomp()
        for name in self.preload:
            __import__(name)
            warm_up(name)
        gc.collect()
        gc.freeze()                               # keep preloaded objects out of copy-on-write
        self.zygote = Zygote(self)
        self.zygote.start()
        prefault = self.learn_hot_pages()
        self.prepare(self.tmpfs_bytes)
        self.send({"ready": True, "tier": self.tier, "pid": os.getpid(),
                   "preloaded": [m for m in self.preload if m in sys.modules],
                   "prefault": prefault})

    def learn_hot_pages(self):
        """Runs a representative snippet once and gives the zygote the pages it wrote, which
        every later child then prefaults in one go. Trusted code (ours), so it runs without the
        privilege drop: reading /proc/self/pagemap needs it. Returns a line for the log."""
        code = "".join(WARM_UP.get(m, "") for m in self.preload) or PROBE_LEAN
        lim = {"wall_ms": 30000, "memory_bytes": 4 << 30, "processes": 64, "open_files": 64,
               "file_size_bytes": 16 << 20, "tmpfs_bytes": self.tmpfs_bytes,
               "capture_bytes": 16 << 20, "kill_bytes": 32 << 20}
        self.prepare(self.tmpfs_bytes, probe=True)
        r = self.run({"code": code, "limits": lim})
        out = base64.b64decode(r["stdout"])
        at = out.rfind(HOT_SET_MARK)
        if r["status"] != "OK" or at < 0:
            err = base64.b64decode(r["stderr"]).decode(errors="replace").strip()
            return "no prefaulting: probe snippet %s %s" % (r["status"], err[-300:])
        runs = base64.b64decode(out[at + len(HOT_SET_MARK):].strip())
        try:
            self.zygote.send(b"H " + runs)
            reply = self.zygote.receive()[0].decode(errors="replace")
        except OSError as e:
            return "no prefaulting: %s" % e
        if not reply.startswith("H "):
            return "no prefaulting: %s" % reply[2:]
        pages = int(reply[2:])
        return "%d pages in %d runs prefaulted per snippet" % (pages, len(runs) // 16)

    def become_namespace_init(self):
        """Fork the real server as pid 1 of the new pid namespace; this process only waits.

        When the JVM kills this process, the server gets SIGKILL (parent-death signal) and the
        kernel kills every process in its namespace, snippets included: nothing is left behind.
        """
        pid = os.fork()
        if pid != 0:
            os.close(self.rfd)
            _, status = os.waitpid(pid, 0)
            os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)   # launcher killed by the JVM -> we die too

    def send(self, obj):
        write_all(self.wfd, frame(obj))

    def serve(self):
        while True:
            header = read_exact(self.rfd, 4)
            if header is None:
                return                            # JVM closed the pipe or died
            body = read_exact(self.rfd, struct.unpack(">I", header)[0])
            if body is None:
                return
            req = json.loads(body)
            try:
                reply = self.run(req)
            except Exception as e:                # sandbox failure, reported as a value
                reply = {"status": "SANDBOX_ERROR", "error": "%s: %s" % (type(e).__name__, e)}
            if reply.get("jvm_gone"):
                return
            reply["id"] = req.get("id")
            self.send(reply)
            try:   # the next child is forked and confined while the JVM turns around
                if self.pending is None and self.ready is None:
                    self.prepare(self.tmpfs_bytes)
            except OSError as e:                  # retried synchronously by the next run()
                sys.stderr.write("prepare failed: %s\n" % e)
            if self.zygote_died():
                sys.stderr.write("zygote died: fork server exiting\n")
                return                            # the JVM starts a fresh server

    def zygote_died(self):
        try:
            pid, _ = os.waitpid(self.zygote.pid, os.WNOHANG)
        except ChildProcessError:
            return True
        return pid != 0

    # ------------------------------------------------------------ one snippet

    def run(self, req):
        lim = req["limits"]
        self.collect()
        if self.ready is None or self.ready["tmpfs"] != lim["tmpfs_bytes"]:
            self.discard()
            self.prepare(lim["tmpfs_bytes"])
            self.collect()
        p, self.ready = self.ready, None
        start = time.monotonic()
        try:   # hand the code to the waiting child; if it died in set-up, the report says why
            write_all(p["req_w"], frame({"code": req["code"], "limits": lim}))
        except BrokenPipeError:
            pass
        os.close(p["req_w"])
        try:
            return self.supervise(p, req, lim, start)
        except BaseException:                     # never leave an unsupervised snippet behind
            self.kill(p)
            raise
        finally:
            for k in ("in_w", "out_r", "err_r", "rep_r", "pidfd"):
                if p[k] is not None:              # (fd numbers are reused: never close twice)
                    os.close(p[k])

    def prepare(self, tmpfs_bytes, probe=False):
        """Ask the zygote for the next snippet process before its request arrives.

        The fork and the namespace, mount and prefault set-up then overlap the JVM's turnaround
        and the caller's think time instead of adding to the call. (Forking it while the previous
        snippet still ran was measured too: on 2 busy cores it slowed that snippet more than it
        saved.) The child stays root in its own namespaces until the code arrives, then drops to
        the worker uid, so no worker-uid process exists between calls. The zygote's reply is
        collected when the child is needed.
        """
        self.zygote.send(b"F %d %d" % (tmpfs_bytes, 1 if probe else 0))
        self.pending = tmpfs_bytes

    def collect(self):
        """Receives the child asked for by prepare(), if not yet done; raises if the fork failed."""
        if self.pending is None:
            return
        self.accept(*self.zygote.receive())
        if self.ready is None:
            raise OSError(errno.EIO, "zygote: " + self.fork_error)

    def accept(self, msg, fds):
        """Takes the zygote's reply to prepare(): the child, or why it could not be forked."""
        tmpfs_bytes, self.pending = self.pending, None
        if tmpfs_bytes is None or not msg.startswith(b"P ") or len(fds) != 6:
            for fd in fds:
                os.close(fd)
            self.fork_error = msg.decode(errors="replace")[2:] if msg.startswith(b"E ") \
                else "unexpected reply %r" % msg[:40]
            if tmpfs_bytes is None:
                raise OSError(errno.EIO, "zygote: " + self.fork_error)
            return
        in_w, out_r, err_r, rep_r, req_w, pidfd = fds
        self.ready = {"pid": int(msg[2:]), "pidfd": pidfd, "tmpfs": tmpfs_bytes, "in_w": in_w,
                      "out_r": out_r, "err_r": err_r, "rep_r": rep_r, "req_w": req_w}

    def await_exit(self, p, deadline):
        """The child's wait status and CPU ms, from the zygote's exit report. A child still
        alive at the deadline (it closed its pipes and kept running) is killed: returns
        (status, cpu_ms, True) then; the kill must take effect within 10 s."""
        killed = False
        pid = p["pid"]
        while pid not in self.zygote.exits:
            left = deadline - time.monotonic()
            if left <= 0:
                if killed:
                    raise OSError(errno.ETIMEDOUT, "snippet process %d outlived SIGKILL" % pid)
                self.kill(p)
                killed, deadline = True, time.monotonic() + 10.0
                continue
            if select.select([self.zygote.sock], [], [], left)[0]:
                msg, fds = self.zygote.receive_one()
                if msg is not None:               # a fork's reply came first
                    self.accept(msg, fds)
        status, cpu_ms = self.zygote.exits.pop(pid)
        return status, cpu_ms, killed

    def discard(self):
        """Kill the prepared child (tmpfs size changed, or shutting down)."""
        if self.ready is None:
            return
        p, self.ready = self.ready, None
        try:
            self.kill(p)
            self.await_exit(p, time.monotonic() + 10.0)
        finally:
            for k in ("in_w", "out_r", "err_r", "rep_r", "req_w", "pidfd"):
                os.close(p[k])

    def fork_snippet(self):
        """One fork per snippet (called in the zygote): the child is pid 1 of a fresh pid
        namespace."""
        if self.tier == "none":
            return os.fork()
        unshare(CLONE_NEWPID)                     # the next child starts a new pid namespace
        pid = -1
        try:
            pid = os.fork()
        finally:
            if pid != 0:                          # in the zygote: later children back in ours
                check(libc.setns(self.pidns, CLONE_NEWPID), "setns(pid)")
        return pid

    def supervise(self, p, req, lim, start):
        pid, in_w, out_r, err_r, rep_r = p["pid"], p["in_w"], p["out_r"], p["err_r"], p["rep_r"]
        stdin = req.get("stdin", "").encode()
        deadline = start + lim["wall_ms"] / 1000.0
        cap, kill_at = lim["capture_bytes"], lim["kill_bytes"]
        bufs = {out_r: bytearray(), err_r: bytearray(), rep_r: bytearray()}
        totals = {out_r: 0, err_r: 0, rep_r: 0}
        os.set_blocking(in_w, False)
        poller = select.poll()
        for fd in (out_r, err_r, rep_r):
            poller.register(fd, select.POLLIN)
        poller.register(self.rfd, select.POLLHUP)
        if stdin:
            poller.register(in_w, select.POLLOUT)
        else:
            os.close(in_w); p["in_w"] = None
        open_fds = {out_r, err_r, rep_r}
        killed = None
        while open_fds and not killed:
            left = deadline - time.monotonic()
            if left <= 0:
                killed = "TIMEOUT"
                break
            for fd, ev in poller.poll(max(1, int(left * 1000) + 1)):
                if fd == self.rfd:                # the JVM is gone: leave nothing behind
                    self.kill(p)
                    return {"jvm_gone": True}
                if fd == in_w:
                    try:
                        stdin = stdin[os.write(in_w, stdin):]
                    except OSError:
                        stdin = b""
                    if not stdin:
                        poller.unregister(in_w); os.close(in_w); p["in_w"] = None
                    continue
                chunk = os.read(fd, 65536)
                if not chunk:
                    poller.unregister(fd); open_fds.discard(fd)
                    continue
                totals[fd] += len(chunk)
                room = cap - len(bufs[fd])
                if room > 0:
                    bufs[fd] += chunk[:room]
                if totals[fd] > kill_at and fd != rep_r:
                    killed = "OUTPUT_LIMIT"
        if killed:
            self.kill(p)
        # Pipes closed: normally the child has exited. One that closed them and kept running is
        # killed at the deadline like any other (else a blocking wait would hang the server).
        status, cpu_ms, late = self.await_exit(p, deadline)
        killed = killed or ("TIMEOUT" if late else None)
        wall_ms = (time.monotonic() - start) * 1000.0
        if killed and self.tier != "none":
            self.sweep_uid()
        return self.verdict(killed, status, bytes(bufs[rep_r]), bufs[out_r], bufs[err_r],
                            totals[out_r] > cap, totals[err_r] > cap, wall_ms, cpu_ms, lim)

    def kill(self, p):
        """SIGKILL the snippet's init (through its pidfd: never a reused pid); the kernel then
        kills its whole pid namespace. Unisolated, its process group instead."""
        try:
            if self.tier == "none":
                os.killpg(p["pid"], signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            signal.pidfd_send_signal(p["pidfd"], signal.SIGKILL)
        except ProcessLookupError:
            pass                                  # already exited (a zombie until reaped)

    def sweep_uid(self):
        """Kill every process of the worker uid (none should exist once the namespace is gone)."""
        if self.tier == "full":
            pid = os.fork()
            if pid == 0:
                try:
                    os.setgroups([]); os.setgid(self.uid); os.setuid(self.uid)
                    os.kill(-1, signal.SIGKILL)
                except OSError:
                    pass
                os._exit(0)
            os.waitpid(pid, 0)
        while True:                               # reap orphans re-parented to us (pid 1)
            try:
                p, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if p == 0:
                break

    def verdict(self, killed, status, report, out, err, out_trunc, err_trunc, wall_ms, cpu_ms, lim):
        res = {"stdout": base64.b64encode(bytes(out)).decode(),
               "stderr": base64.b64encode(bytes(err)).decode(),
               "stdout_truncated": out_trunc,
               "stderr_truncated": err_trunc, "wall_ms": round(wall_ms, 3),
               "cpu_ms": round(cpu_ms, 3), "exit_code": None, "signal": None}
        lines = report.decode(errors="replace").splitlines()
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
        sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        res["exit_code"], res["signal"] = code, sig
        setup = [l[len("setup-error "):] for l in lines if l.startswith("setup-error ")]
        for l in lines:                           # CPU spent before the code arrived
            if l.startswith("setup-cpu "):
                res["cpu_ms"] = round(max(0.0, cpu_ms - float(l.split()[1])), 3)
        if killed:
            res["status"] = killed
        elif setup or code == SETUP_EXIT:
            res["status"] = "SANDBOX_ERROR"
            res["error"] = setup[0] if setup else "sandbox set-up failed in the child"
        elif sig == signal.SIGXCPU or (sig == signal.SIGKILL and cpu_ms >= lim["wall_ms"]):
            res["status"] = "TIMEOUT"             # CPU rlimit (soft = wall, hard = wall + 1 s)
        elif "memory" in lines or code == MEMORY_EXIT:
            res["status"] = "MEMORY"
        elif code == 0:
            res["status"] = "OK"
        else:
            res["status"] = "RUNTIME_ERROR"
        return res

    # ------------------------------------------------------------ child side

    def snippet(self, hot, tmpfs_bytes, probe, in_r, out_w, err_w, rep_w, req_r):
        try:
            self.confine(hot, tmpfs_bytes, in_r, out_w, err_w, rep_w, req_r)
        except Exception as e:
            write_all(rep_w, ("setup-error %s: %s\n" % (type(e).__name__, e)).encode())
            return SETUP_EXIT
        header = read_exact(req_r, 4)             # wait for the code
        if header is None:
            return 0                              # discarded by the server
        req = json.loads(read_exact(req_r, struct.unpack(">I", header)[0]))
        os.close(req_r)
        ru = resource.getrusage(resource.RUSAGE_SELF)
        write_all(rep_w, ("setup-cpu %f\n" % ((ru.ru_utime + ru.ru_stime) * 1000)).encode())
        try:
            if not probe:
                self.drop_privileges(req["limits"])
        except Exception as e:
            write_all(rep_w, ("setup-error %s: %s\n" % (type(e).__name__, e)).encode())
            return SETUP_EXIT
        rc = self.execute(req["code"], rep_w)
        if probe:   # our own start-up snippet, still root: report the pages it wrote
            flat = array.array("Q", [x for run in written_pages() for x in run])
            write_all(1, HOT_SET_MARK + base64.b64encode(flat.tobytes()) + b"\n")
        return rc

    def confine(self, hot, tmpfs_bytes, in_r, out_w, err_w, rep_w, req_r):
        """Before the request: prefault, session, fds, namespaces, private tmpfs, fresh /proc.
        (Environment, sys.std*, signals and the read-only root were set up once in the zygote.)"""
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)   # zygote gone -> snippet namespace gone
        prefault(hot)
        os.setsid()
        os.dup2(in_r, 0); os.dup2(out_w, 1); os.dup2(err_w, 2)
        lo, hi = sorted((rep_w, req_r))
        os.closerange(3, lo)
        os.closerange(lo + 1, hi)
        os.closerange(hi + 1, 65536)
        if self.tier != "none":
            unshare(CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS)  # mounts already private
            tmpfs = "size=%d,mode=1777" % tmpfs_bytes
            for d in TMPFS_DIRS:
                if os.path.isdir(d):
                    mount("tmpfs", d, "tmpfs", MS_NOSUID | MS_NODEV, tmpfs)
            mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None)
        os.chdir("/tmp")
        # Touch what every snippet touches (the compiler, exec, json, the write path) while we
        # wait: copy-on-write page faults then happen before the request, not on its clock.
        exec(compile("_ = [str(i) for i in range(3)]\n", "<snippet>", "exec"), {})
        json.loads('{"code": "print(1)", "limits": {"wall_ms": 1}}')
        print(end="", flush=True)

    def drop_privileges(self, lim):
        """After the request: rlimits, worker uid, no-new-privs, parent-death signal, seccomp."""
        wall_s = max(1, -(-lim["wall_ms"] // 1000))
        limits = [(resource.RLIMIT_CPU, wall_s, wall_s + 1),
                  (resource.RLIMIT_AS, lim["memory_bytes"], lim["memory_bytes"]),
                  (resource.RLIMIT_FSIZE, lim["file_size_bytes"], lim["file_size_bytes"]),
                  (resource.RLIMIT_NOFILE, lim["open_files"], lim["open_files"]),
                  (resource.RLIMIT_CORE, 0, 0)]
        if self.tier == "full":                   # NPROC counts per uid: only with our own uid
            limits.append((resource.RLIMIT_NPROC, lim["processes"], lim["processes"]))
        for which, soft, hard in limits:
            resource.setrlimit(which, (soft, hard))
        if self.tier == "full":
            os.setgroups([])
            os.setresgid(self.uid, self.uid, self.uid)
            os.setresuid(self.uid, self.uid, self.uid)
        if self.tier != "none":
            prctl(PR_SET_NO_NEW_PRIVS, 1)
            prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # re-armed: the uid switch cleared it
            self.seccomp.load()

    def execute(self, code, rep_w):
        g = {"__name__": "__main__", "__builtins__": __builtins__}
        rc = 0
        try:
            exec(compile(code, "<snippet>", "exec"), g)
        except SystemExit as e:
            c = e.code
            rc = 0 if c is None else c if isinstance(c, int) else 1
            if not isinstance(c, int) and c is not None:
                print(c, file=sys.stderr)
        except MemoryError:
            try:
                os.write(rep_w, b"memory\n")
                sys.stderr.write("MemoryError: address-space limit reached\n")
            except BaseException:
                pass
            rc = MEMORY_EXIT
        except BaseException as e:
            import traceback                      # drop our own frame: the trace starts in <snippet>
            traceback.print_exception(type(e), e, e.__traceback__.tb_next)
            rc = 1
        try:
            sys.stdout.flush(); sys.stderr.flush()
        except BaseException:
            pass
        return rc & 0xFF


def probe():
    """Print which isolation tiers work here, one JSON object (used once at pool start-up)."""
    out = {"uid": os.getuid(), "python": sys.version.split()[0]}
    def try_child(fn):
        pid = os.fork()
        if pid == 0:
            try:
                fn(); os._exit(0)
            except BaseException:
                os._exit(1)
        return os.waitpid(pid, 0)[1] == 0
    def full():
        unshare(CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS)
        build_seccomp()
    def userns():
        unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS)
        build_seccomp()
    out["full"] = os.getuid() == 0 and try_child(full)
    out["userns"] = try_child(userns)
    # The namespaces alone, so a refusal can say which part is missing (seccomp or the kernel's).
    out["root_namespaces"] = os.getuid() == 0 and try_child(
        lambda: unshare(CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS))
    out["user_namespaces"] = try_child(
        lambda: unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC
                        | CLONE_NEWUTS))
    try:
        import seccomp  # noqa: F401
        out["seccomp"] = True
    except ImportError:
        out["seccomp"] = False
    print(json.dumps(out))


if __name__ == "__main__":
    if sys.argv[1] == "--probe":
        probe()
    else:
        server = Server(json.loads(sys.argv[1]))
        try:
            server.start()
        except Exception as e:  # reported to Java, which fails the pool start with this text
            server.send({"ready": False, "error": "%s: %s" % (type(e).__name__, e)})
            sys.exit(3)
        server.serve()
