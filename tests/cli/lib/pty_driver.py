"""pty_driver.py: run a program on a pseudo-terminal and talk to it, for the REPL tests.

Standard library only. Typical use (tests/cli/repl_pty.sh runs snippets like this):

    from pty_driver import Session
    s = Session([parley_bin])           # a fresh process on a new 80x24 terminal
    s.expect_prompt(1)                   # "parley[1]> "
    s.send("1 + 1\\r")                   # keys, as typed ("\\r" is Enter, "\\t" Tab, "\\x03" Ctrl-C)
    s.expect("2")                        # a regular expression, searched in the output since the last match
    s.send("\\x04")                      # Ctrl-D
    assert s.wait() == 0

Output is matched as a terminal shows it, line editors' redrawing applied (see
`render`); `raw` keeps the bytes, escapes included, for checks on colours. A failed expect raises Timeout with the end of the
output, so a test failure shows what the terminal showed.
"""
import codecs
import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time

# CSI sequences (colours, cursor moves, erase), OSC titles, and single-character escapes.
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z@]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]|\x1b[=>78]")
TOKEN = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z@])|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]|\x1b[=>78]|[\r\n\b\t\x07]|[^\x1b\r\n\b\t\x07]+")


def strip_ansi(s):
    return ANSI.sub("", s)


def render(raw):
    """What a terminal shows for raw output, as text (all the lines, no fixed height).

    Enough of a terminal for line editors: carriage return, newline, backspace,
    tab, cursor left/right/up/down and to a column, erase to the end of the line
    or the screen. Every character counts as one column.
    """
    lines, row, col = [[]], 0, 0

    def put(ch):
        nonlocal col
        line = lines[row]
        line.extend(" " * (col - len(line)))
        if col < len(line):
            line[col] = ch
        else:
            line.append(ch)
        col += 1

    for m in TOKEN.finditer(raw):
        tok = m.group(0)
        if m.group(2):
            args = [int(a) for a in m.group(1).replace("?", "").split(";") if a]
            n = args[0] if args else 1
            cmd = m.group(2)
            if cmd == "G":
                col = max(n - 1, 0)
            elif cmd == "C":
                col += n
            elif cmd == "D":
                col = max(col - n, 0)
            elif cmd == "A":
                row = max(row - n, 0)
            elif cmd == "B":
                row += n
                while len(lines) <= row:
                    lines.append([])
            elif cmd == "K":
                del lines[row][col:]
            elif cmd == "J":
                del lines[row][col:]
                del lines[row + 1:]
        elif tok == "\r":
            col = 0
        elif tok == "\n":
            row += 1
            while len(lines) <= row:
                lines.append([])
        elif tok == "\b":
            col = max(col - 1, 0)
        elif tok == "\t":
            col = (col // 8 + 1) * 8
        elif tok[0] != "\x1b" and tok != "\x07":
            for ch in tok:
                put(ch)
    return "\n".join("".join(line) for line in lines)


class Timeout(AssertionError):
    pass


class Session:
    def __init__(self, argv, env=None, cwd=None, rows=24, cols=80, timeout=10.0):
        self.timeout = timeout
        self.raw = ""        # everything the program wrote, escapes included
        self._seen = 0       # how much of the stripped output expect has consumed
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        environment = dict(os.environ if env is None else env)
        environment.setdefault("TERM", "xterm")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                if cwd:
                    os.chdir(cwd)
                os.execve(argv[0], argv, environment)
            finally:
                os._exit(127)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.status = None

    # ---- output ----

    @property
    def text(self):
        """Everything shown so far, as a terminal renders it (see render)."""
        return render(self.raw)

    def _read(self, timeout):
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:     # EIO: the program closed the terminal (it exited)
            data = b""
        if not data:
            return None
        self.raw += self._decoder.decode(data)
        return True

    def expect(self, pattern, timeout=None):
        """Wait for pattern (a regular expression) in the output after the last match; return the match."""
        regex = re.compile(pattern)
        deadline = time.time() + (timeout or self.timeout)
        while True:
            match = regex.search(self.text, self._seen)
            if match:
                self._seen = match.end()
                return match
            left = deadline - time.time()
            if left <= 0 or self._read(min(left, 0.1)) is None and not regex.search(self.text, self._seen):
                if left > 0 and self._alive():
                    continue
                raise Timeout("no %r in the output; it ends with:\n%s" % (pattern, self.tail()))

    def expect_exact(self, text, timeout=None):
        return self.expect(re.escape(text), timeout)

    def expect_prompt(self, n, timeout=None):
        """The main prompt for input number n: "parley[n]> "."""
        return self.expect(r"parley\[%d\]> " % n, timeout)

    def settle(self, quiet=0.3, timeout=None):
        """Read until the program has written nothing for `quiet` seconds; return the new stripped text."""
        start = len(self.text)
        deadline = time.time() + (timeout or self.timeout)
        while time.time() < deadline and self._read(quiet):
            pass
        return self.text[start:]

    def since_last_match(self):
        return self.text[self._seen:]

    def tail(self, chars=1500):
        return "".join(c if c in "\n\t" or c >= " " else repr(c)[1:-1] for c in self.text[-chars:])

    # ---- input ----

    def send(self, keys):
        os.write(self.fd, keys.encode("utf-8"))

    # ---- the process ----

    def _alive(self):
        if self.status is not None:
            return False
        try:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            self.status = -signal.SIGKILL
            return False
        if pid == 0:
            return True
        self.status = os.waitstatus_to_exitcode(status)
        return False

    def wait(self, timeout=None):
        """The exit status (negative: killed by that signal); kills the program after the timeout."""
        deadline = time.time() + (timeout or self.timeout)
        while self._alive():
            if time.time() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                self.status = -signal.SIGKILL
                raise Timeout("the program did not exit; the output ends with:\n" + self.tail())
            self._read(0.05)
        while self._read(0.05):
            pass
        return self.status

    def close(self):
        if self.fd is None:
            return
        if self._alive():
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)
        self.fd = None


# ---- scenarios from a test script ----

_sessions = []


def start(*args, env=None, unset=(), **kw):
    """A Session of $PARLEY_BIN with args, in the current directory; env adds variables, unset removes some."""
    environment = dict(os.environ)
    environment.update(env or {})
    for name in unset:
        environment.pop(name, None)
    session = Session([os.environ["PARLEY_BIN"], *args], env=environment, **kw)
    _sessions.append(session)
    return session


def main():
    """Run the scenario on stdin (Python, with start, Session, Timeout at hand); exit 1 when it fails."""
    import sys
    import traceback
    code = sys.stdin.read()
    try:
        exec(compile(code, "scenario", "exec"), {"start": start, "Session": Session, "Timeout": Timeout,
                                                 "time": time, "os": os, "re": re})
    except BaseException as e:   # the scenario's own failure, whatever it is
        line = [f.lineno for f in traceback.extract_tb(e.__traceback__) if f.filename == "scenario"]
        print("scenario line %s: %s: %s" % (line[-1] if line else "?", type(e).__name__, e))
        if _sessions and not isinstance(e, Timeout):
            print("the terminal shows:\n" + _sessions[-1].tail())
        sys.exit(1)
    finally:
        for s in _sessions:
            s.close()


if __name__ == "__main__":
    main()
