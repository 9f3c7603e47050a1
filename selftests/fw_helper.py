#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Servers and clients for the zone firewall selftests.

  fw_helper.py serve READYFILE LOG KIND:PORT...   (KIND: smtp, http, echo)
  fw_helper.py probe TIMEOUT KIND,ADDR,PORT...    (KIND: smtp, http, connect)
  fw_helper.py hold ADDR PORT GOFILE              (echo before and after GOFILE)
  fw_helper.py invalid SRC DST DPORT              (a TCP SYN+FIN: conntrack-invalid)

Servers listen on :: with IPv4 mapped, so one socket serves both families.
smtp is a small responder for smtplib's full dialogue (EHLO, MAIL, RCPT,
DATA, QUIT); every message it accepts is a line in LOG. probe prints one
line per probe: "KIND ADDR PORT RESULT SECONDS", RESULT being ok, refused,
timeout or error:...
"""
import http.server
import os
import smtplib
import socket
import socketserver
import struct
import sys
import threading
import time
import urllib.request


class V6Server(socketserver.ThreadingTCPServer):
    address_family = socket.AF_INET6
    allow_reuse_address = True
    daemon_threads = True

    def server_bind(self):
        self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        super().server_bind()


class Smtp(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 zonesec-test ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.decode(errors="replace").strip().upper()
            if cmd.startswith(("EHLO", "HELO")):
                self.reply("250-zonesec-test")
                self.reply("250 8BITMIME")
            elif cmd.startswith(("MAIL FROM", "RCPT TO", "RSET", "NOOP")):
                self.reply("250 OK")
            elif cmd == "DATA":
                self.reply("354 go ahead")
                body = []
                while True:
                    d = self.rfile.readline()
                    if not d or d in (b".\r\n", b".\n"):
                        break
                    body.append(d)
                with open(self.server.log, "a") as f:
                    f.write("message %d lines\n" % len(body))
                self.reply("250 queued")
            elif cmd == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 unknown")


class Echo(socketserver.StreamRequestHandler):
    def handle(self):
        while True:
            line = self.rfile.readline()
            if not line:
                return
            self.wfile.write(line)


class Http(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"zonesec web\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve(ready, log, specs):
    kinds = {"smtp": Smtp, "echo": Echo, "http": Http}
    for spec in specs:
        kind, port = spec.split(":")
        srv = V6Server(("::", int(port)), kinds[kind])
        srv.log = log
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    open(ready, "w").close()
    while True:
        time.sleep(3600)


def host(addr):
    return "[%s]" % addr if ":" in addr else addr


def probe_one(kind, addr, port, timeout):
    if kind == "smtp":
        # local_hostname: no getfqdn(), which waits for DNS
        with smtplib.SMTP(addr, port, local_hostname="client.example",
                          timeout=timeout) as s:
            s.ehlo("client.example")
            s.sendmail("a@example.org", ["b@example.org"],
                       "Subject: zonesec\r\n\r\nhello through the gateway\r\n")
    elif kind == "http":
        url = "http://%s:%d/" % (host(addr), port)
        with urllib.request.urlopen(url, timeout=timeout) as r:
            if r.read() != b"zonesec web\n":
                raise RuntimeError("bad body")
    else:
        socket.create_connection((addr, port), timeout=timeout).close()


def probe(timeout, specs):
    for spec in specs:
        kind, addr, port = spec.split(",")
        t0 = time.monotonic()
        try:
            probe_one(kind, addr, int(port), timeout)
            res = "ok"
        except ConnectionRefusedError:
            res = "refused"
        except (socket.timeout, TimeoutError):
            res = "timeout"
        except OSError as e:
            # urllib wraps the cause
            cause = getattr(e, "reason", e)
            if isinstance(cause, ConnectionRefusedError):
                res = "refused"
            elif isinstance(cause, (socket.timeout, TimeoutError)):
                res = "timeout"
            else:
                res = "error:" + type(cause).__name__
        except Exception as e:  # pylint: disable=broad-except
            res = "error:" + type(e).__name__
        print("%s %s %s %s %.2f" % (kind, addr, port, res,
                                    time.monotonic() - t0), flush=True)


def hold(addr, port, gofile):
    s = socket.create_connection((addr, int(port)), timeout=5)
    f = s.makefile("rwb")
    f.write(b"before\n")
    f.flush()
    assert f.readline() == b"before\n"
    print("established", flush=True)
    while not os.path.exists(gofile):
        time.sleep(0.05)
    f.write(b"after\n")
    f.flush()
    print("after " + ("ok" if f.readline() == b"after\n" else "lost"),
          flush=True)


def invalid(src, dst, dport):
    # IPv4 + TCP with SYN and FIN set: conntrack calls it invalid.
    tcp = struct.pack("!HHIIBBHHH", 40000, int(dport), 1, 0, 5 << 4,
                      0x03, 1024, 0, 0)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40, 1, 0, 64, 6, 0,
                     socket.inet_aton(src), socket.inet_aton(dst))
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    for _ in range(3):
        s.sendto(ip + tcp, (dst, 0))


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "serve":
        serve(args[0], args[1], args[2:])
    elif cmd == "probe":
        probe(float(args[0]), args[1:])
    elif cmd == "hold":
        hold(*args)
    elif cmd == "invalid":
        invalid(*args)
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
