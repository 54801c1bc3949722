#!/usr/bin/env python3
"""Serve a folder on 127.0.0.1 the way DigitLab's page needs it.

The page is a pthread (SharedArrayBuffer) WASM build, which the browser only allows on a
cross-origin-isolated page, so every response carries COOP/COEP/CORP. Cache-Control: no-store
keeps a rebuilt .wasm from being mixed with a stale cached .js. --plain drops the isolation
headers, to see how the page behaves on a host that cannot set them.
"""
import argparse
import functools
import http.server
import os
import sys

ISOLATION = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
    "Cross-Origin-Resource-Policy": "same-origin",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    plain = False
    # Python's table varies between versions (.js was application/javascript before 3.12).
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".csv": "text/csv",
        ".html": "text/html",
        ".json": "application/json",
        ".png": "image/png",
        ".svg": "image/svg+xml",
    }

    def end_headers(self):
        if not self.plain:
            for k, v in ISOLATION.items():
                self.send_header(k, v)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, fmt, *args):
        pass  # quiet; log_request below reports failed requests only

    def log_request(self, code="-", size="-"):
        if str(getattr(code, "value", code))[:1] in "45":
            sys.stderr.write("[serve] %s %s\n" % (code, self.requestline))

    def handle(self):
        # A browser closing a tab mid-download is normal; don't print a traceback for it.
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8080)),
                    help="port (0 = any free port; default $PORT or 8080)")
    ap.add_argument("--root", default=".", help="folder to serve (default: current folder)")
    ap.add_argument("--plain", action="store_true", help="no cross-origin isolation headers")
    a = ap.parse_args()
    if not 0 <= a.port <= 65535:
        ap.error(f"port {a.port} is not in 0-65535")
    if not os.path.isdir(a.root):
        sys.exit(f"serve.py: no such folder: {a.root}")
    Handler.plain = a.plain
    # SimpleHTTPRequestHandler follows symlinks (sample/ -> build/sample) since it just open()s paths.
    handler = functools.partial(Handler, directory=os.path.abspath(a.root))
    try:
        srv = Server(("127.0.0.1", a.port), handler)
    except OSError as e:
        sys.exit(f"serve.py: cannot listen on 127.0.0.1:{a.port}: {e.strerror}")
    # The real port is printed (matters with --port 0); flush so scripts reading our stdout see it.
    print(f"http://127.0.0.1:{srv.server_address[1]}/", flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()


if __name__ == "__main__":
    main()
