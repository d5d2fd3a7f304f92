"""What the JSON API (:mod:`holosec.api`) and the pages (:mod:`holosec.web`) both stand on: sign-in and
roles (:mod:`.auth`, :mod:`.users`, :mod:`.cooldown`), request dependencies (:mod:`.deps`), bounded
parameters (:mod:`.params`), the one error shape (:mod:`.errors`) and the security headers
(:mod:`.headers`), with the shared ``base.html`` and ``error.html`` templates. It imports neither of them;
:func:`holosec.server.create_app` assembles the three.

The name is only ever imported absolutely (``holosec.http``), so it never shadows the standard library's
:mod:`http`, which :mod:`.errors` itself uses.
"""
