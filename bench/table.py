"""The page benchmark's one table: a row per page, and the list of goals missed."""

HTML_CAP = 60 * 1024


class Table:
    HEAD = (
        f"{'persona':<9} {'page':<32} {'req/s':>7} {'floor':>6} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'queries':>7} {'HTML KB':>7} {'gzip KB':>7} {'CPU ms':>6} {'CPU x':>5} "
        f"{'ratio':>6} {'goal':>5}"
    )

    def __init__(self):
        self.failures = []
        print(self.HEAD)
        print("-" * len(self.HEAD))

    def row(
        self,
        persona,
        label,
        result,
        floor,
        *,
        queries="",
        html=None,
        gzip=None,
        goal=None,
        cpu=None,
    ):
        ratio = result.requests_per_second / floor
        cpu_ms, cpu_ratio = (f"{cpu[0]:.1f}", f"{cpu[1] / cpu[0]:.2f}") if cpu else ("", "")
        kb = f"{html / 1024:.1f}" if html is not None else ""
        gz = f"{gzip / 1024:.1f}" if gzip is not None else ("none" if html else "")
        verdict = ""
        if goal is not None and ratio < goal:
            verdict = "  << under goal"
            self.failures.append(f"{persona} {label}: {ratio:.2f}x < {goal}x")
        if html is not None and html > HTML_CAP:
            verdict += "  << over 60 KB"
            self.failures.append(f"{persona} {label}: {html} bytes of HTML")
        if html is not None and html > 1024 and gzip is None:
            verdict += "  << not compressed"
            self.failures.append(f"{persona} {label}: not compressed")
        if result.non_2xx:
            verdict += f"  << {result.non_2xx} errors"
            self.failures.append(f"{persona} {label}: {result.non_2xx} non-2xx/3xx")
        print(
            f"{persona:<9} {label:<32} {result.requests_per_second:>7.0f} {floor:>6.0f} "
            f"{result.p50_ms:>7.1f} {result.p99_ms:>7.1f} {queries!s:>7} {kb:>7} {gz:>7} "
            f"{cpu_ms:>6} {cpu_ratio:>5} "
            f"{ratio:>6.2f} {goal if goal is not None else '':>5}{verdict}",
            flush=True,
        )
        return ratio
