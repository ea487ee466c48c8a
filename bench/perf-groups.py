#!/usr/bin/env python3
"""Groups a perf profile's self time by component (kernel, GC/runtime, JIT, Kestrel, HttpClient, Portico, ...).

Usage: perf report -i perf.data --stdio --no-children --sort dso,symbol -g none | bench/perf-groups.py
"""
import re
import sys
from collections import defaultdict

GROUPS = [
    ("kernel: network stack and syscalls", lambda d, s: d == "[kernel.kallsyms]" and re.search(r"tcp|sock|skb|inet|ip_|net_|__dev|loopback|recv|send|epoll|ep_", s)),
    ("kernel: scheduling and other", lambda d, s: d == "[kernel.kallsyms]"),
    ("JIT compiler", lambda d, s: "libclrjit" in d),
    ("runtime (GC, stubs, type checks; no symbols)", lambda d, s: "libcoreclr" in d or "ld-linux" in d or s.startswith("stub ") or "CastHelpers" in s or "VirtualDispatchHelpers" in s),
    ("libc / native shims", lambda d, s: "libc.so" in d or "libSystem.Native" in d or "[vdso]" in d),
    ("Portico", lambda d, s: "[Portico" in s),
    ("HttpClient (System.Net.Http)", lambda d, s: "[System.Net.Http]" in s or "System.Net.Http.dll" in d),
    ("Kestrel / ASP.NET Core", lambda d, s: "[Microsoft.AspNetCore" in s or "[Microsoft.Extensions" in s or "Microsoft.AspNetCore" in d),
    ("Sockets", lambda d, s: "[System.Net.Sockets]" in s or "System.Net.Sockets" in d),
    ("Pipelines", lambda d, s: "[System.IO.Pipelines]" in s),
    ("Uri", lambda d, s: "[System.Private.Uri]" in s),
    ("Metrics / diagnostics", lambda d, s: "[System.Diagnostics" in s),
    ("CoreLib: async, thread pool, ExecutionContext", lambda d, s: "[System.Private.CoreLib]" in s and re.search(r"Threading|CompilerServices|Tasks|ExecutionContext", s)),
    ("CoreLib: other (strings, collections, memmove)", lambda d, s: "[System.Private.CoreLib]" in s or "CoreLib" in d),
]

totals = defaultdict(float)
top = defaultdict(list)
for line in sys.stdin:
    m = re.match(r"\s*([\d.]+)%\s+(\S+(?: tid \d+)?)\s+\[[.k]\]\s+(.*?)\s*(?:-\s+-\s*)?$", line)
    if not m:
        continue
    pct, dso, sym = float(m.group(1)), m.group(2), m.group(3)
    for name, test in GROUPS:
        if test(dso, sym):
            break
    else:
        name = "other"
    totals[name] += pct
    top[name].append((pct, sym))

for name, pct in sorted(totals.items(), key=lambda p: -p[1]):
    print(f"{pct:6.1f}%  {name}")
    for p, s in sorted(top[name], reverse=True)[:4]:
        s = re.sub(r"\[(Optimized|OptimizedTier1|InstrumentedTier\w*|QuickJitted)\]$", "", s)
        s = re.sub(r"^(instance )?\S+ \[[^\]]+\] ", "", s)
        print(f"          {p:5.2f}%  {s[:150]}")
