"""Agent0 fork server: runs untrusted Python snippets, one forked child per snippet.

Started by dev.agent0.sandbox.local.ForkServer with an empty environment. Protocol on fds 0/1
(moved to private fds at start-up): 4-byte big-endian length + UTF-8 JSON, one request, one reply.
Design and hostile cases: docs/sandbox.md and ../shared/docs/SANDBOX.md.

The server runs as pid 1 of its own pid + network namespace (so killing it kills everything).
Per snippet (tier "full", as root) it forks once into a fresh pid namespace: the snippet process is
pid 1 there, so every process it starts dies with it. It starts a session, unshares mount/ipc/uts,
mounts private tmpfs and a fresh /proc, sets rlimits,
drops to the worker's uid, sets no-new-privs, re-arms the parent-death signal, loads seccomp,
clears the environment, reseeds RNGs and execs the code in-process (sympy/numpy stay warm).
"""
import base64, ctypes, errno, gc, json, os, resource, select, signal, socket, struct, sys, time

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 1, 38, 22, 2
TMPFS_DIRS = ("/tmp", "/dev/shm", "/var/tmp", "/run/lock")
MEMORY_EXIT = 201   # snippet died of MemoryError (also reported on the report pipe)
SETUP_EXIT = 202    # sandbox set-up failed inside the child: a sandbox error, not the program's

libc = ctypes.CDLL(None, use_errno=True)
libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong,
                       ctypes.c_char_p]


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
    """Forked children share the parent's RNG state, so the server reseeds Python's and numpy's
    generators from the OS before every fork: each snippet inherits a fresh, unshared stream
    (done in the parent, where the pages are not yet shared, so the child pays no copy)."""
    import random
    random.seed(os.urandom(32))
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(int.from_bytes(os.urandom(4), "little"))


class Server:
    def __init__(self, opts):
        self.tier = opts["tier"]            # full | userns | none
        self.uid = int(opts.get("uid", 65534))
        self.preload = opts.get("preload", [])
        self.tmpfs_bytes = int(opts.get("tmpfs_bytes", 64 << 20))
        self.seccomp = None
        self.ready = None

    def start(self):
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
        self.prepare(self.tmpfs_bytes)
        self.send({"ready": True, "tier": self.tier, "pid": os.getpid(),
                   "preloaded": [m for m in self.preload if m in sys.modules]})

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
            try:
                self.prepare(self.tmpfs_bytes)
            except OSError as e:                  # retried synchronously by the next run()
                sys.stderr.write("prepare failed: %s\n" % e)

    # ------------------------------------------------------------ one snippet

    def run(self, req):
        lim = req["limits"]
        if self.ready is None or self.ready["tmpfs"] != lim["tmpfs_bytes"]:
            self.discard()
            self.prepare(lim["tmpfs_bytes"])
        p, self.ready = self.ready, None
        start = time.monotonic()
        try:   # hand the code to the waiting child; if it died in set-up, the report says why
            write_all(p["req_w"], frame({"code": req["code"], "limits": lim}))
        except BrokenPipeError:
            pass
        os.close(p["req_w"])
        try:
            return self.supervise(p["pid"], req, lim, start, p["in_w"], p["out_r"], p["err_r"],
                                  p["rep_r"])
        except BaseException:                     # never leave an unsupervised snippet behind
            self.kill(p["pid"])
            try:
                os.waitpid(p["pid"], 0)
            except ChildProcessError:
                pass
            raise
        finally:
            for fd in (p["in_w"], p["out_r"], p["err_r"], p["rep_r"]):
                try:
                    os.close(fd)
                except OSError:
                    pass

    def prepare(self, tmpfs_bytes):
        """Fork and confine the next snippet process before its request arrives.

        The fork (the costly step: page tables of the preloaded server) and the namespace and
        mount set-up then overlap the JVM's turnaround instead of adding to every call. The child
        stays root in its own namespaces until the code arrives, then drops to the worker uid,
        so no worker-uid process exists between calls.
        """
        (in_r, in_w), (out_r, out_w), (err_r, err_w), (rep_r, rep_w), (req_r, req_w) = \
            [os.pipe() for _ in range(5)]
        reseed()
        pid = self.fork_snippet()
        if pid == 0:
            code = SETUP_EXIT
            try:
                for fd in (in_w, out_r, err_r, rep_r, req_w):
                    os.close(fd)
                code = self.snippet(tmpfs_bytes, in_r, out_w, err_w, rep_w, req_r)
            finally:
                os._exit(code)
        for fd in (in_r, out_w, err_w, rep_w, req_r):
            os.close(fd)
        self.ready = {"pid": pid, "tmpfs": tmpfs_bytes, "in_w": in_w, "out_r": out_r,
                      "err_r": err_r, "rep_r": rep_r, "req_w": req_w}

    def discard(self):
        """Kill the prepared child (tmpfs size changed, or shutting down)."""
        if self.ready is None:
            return
        p, self.ready = self.ready, None
        self.kill(p["pid"])
        os.waitpid(p["pid"], 0)
        for k in ("in_w", "out_r", "err_r", "rep_r", "req_w"):
            os.close(p[k])

    def fork_snippet(self):
        """One fork per snippet: the child is pid 1 of a fresh pid namespace."""
        if self.tier == "none":
            return os.fork()
        unshare(CLONE_NEWPID)                     # the next child starts a new pid namespace
        pid = -1
        try:
            pid = os.fork()
        finally:
            if pid != 0:                          # in the server: later children back in ours
                check(libc.setns(self.pidns, CLONE_NEWPID), "setns(pid)")
        return pid

    def supervise(self, pid, req, lim, start, in_w, out_r, err_r, rep_r):
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
            os.close(in_w)
        open_fds = {out_r, err_r, rep_r}
        killed = None
        while open_fds and not killed:
            left = deadline - time.monotonic()
            if left <= 0:
                killed = "TIMEOUT"
                break
            for fd, ev in poller.poll(max(1, int(left * 1000) + 1)):
                if fd == self.rfd:                # the JVM is gone: leave nothing behind
                    self.kill(pid)
                    return {"jvm_gone": True}
                if fd == in_w:
                    try:
                        stdin = stdin[os.write(in_w, stdin):]
                    except OSError:
                        stdin = b""
                    if not stdin:
                        poller.unregister(in_w); os.close(in_w)
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
            self.kill(pid)
        _, status, ru = os.wait4(pid, 0)
        wall_ms = (time.monotonic() - start) * 1000.0
        cpu_ms = (ru.ru_utime + ru.ru_stime) * 1000.0
        if killed and self.tier != "none":
            self.sweep_uid()
        return self.verdict(killed, status, bytes(bufs[rep_r]), bufs[out_r], bufs[err_r],
                            totals[out_r] > cap, totals[err_r] > cap, wall_ms, cpu_ms, lim)

    def kill(self, pid):
        """SIGKILL the snippet's init: the kernel then kills its whole pid namespace."""
        try:
            if self.tier == "none":
                os.killpg(pid, signal.SIGKILL)
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

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

    def snippet(self, tmpfs_bytes, in_r, out_w, err_w, rep_w, req_r):
        try:
            self.confine(tmpfs_bytes, in_r, out_w, err_w, rep_w, req_r)
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
            self.drop_privileges(req["limits"])
        except Exception as e:
            write_all(rep_w, ("setup-error %s: %s\n" % (type(e).__name__, e)).encode())
            return SETUP_EXIT
        return self.execute(req["code"], rep_w)

    def confine(self, tmpfs_bytes, in_r, out_w, err_w, rep_w, req_r):
        """Before the request: session, fds, namespaces, private tmpfs, fresh /proc."""
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)   # server gone -> snippet namespace gone
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
            try:   # the root filesystem read-only for the snippet (submounts keep their flags)
                mount(None, "/", None, MS_REMOUNT | MS_BIND | MS_RDONLY, None)
            except OSError:
                pass
        os.chdir("/tmp")
        os.environ.clear()
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        sys.stdin = open(0, "r", closefd=False)
        sys.stdout = open(1, "w", closefd=False)
        sys.stderr = open(2, "w", closefd=False)
        sys.argv = ["<snippet>"]
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
