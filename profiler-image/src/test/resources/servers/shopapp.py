"""A one-file Django app for the server tests.

/cpu burns CPU in price_table at the line marked HOT LINE (the known culprit every worker's
profile must show); /slow waits on the upstream at UPSTREAM_PORT (the line marked UPSTREAM WAIT).
"""
import os
import socket

from django.conf import settings

if not settings.configured:
    settings.configure(DEBUG=False, ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__, SECRET_KEY="test-only",
                       MIDDLEWARE=[], INSTALLED_APPS=[])

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def price_table(n):
    total = 0
    for i in range(n):
        total += (i * 7919) % 104729  # HOT LINE
    return total


def cpu_view(request):
    return HttpResponse(str(price_table(100_000)))


def fetch_upstream():
    port = int(os.environ["UPSTREAM_PORT"])
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(b"GET\n")
        return s.recv(100)  # UPSTREAM WAIT


def slow_view(request):
    return HttpResponse(fetch_upstream())


urlpatterns = [path("cpu", cpu_view), path("slow", slow_view)]
application = get_wsgi_application()
