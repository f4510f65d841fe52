"""Small server-rendered SVG charts. No JavaScript and no style attributes (the CSP forbids
them): colour comes from presentation attributes and CSS classes, and every chart carries
a text alternative for screen readers."""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join


@dataclass(frozen=True)
class Sparkline:
    """A row of small bars, one per period, e.g. monthly strong evidence over 12 months."""

    values: list
    labels: list
    width: int = 120
    height: int = 24

    def points(self):
        top = max(self.values, default=0) or 1
        step = self.width / max(len(self.values), 1)
        bar = max(step - 2, 1)
        for index, value in enumerate(self.values):
            bar_height = 0 if value == 0 else max(2, round(value / top * (self.height - 2)))
            yield index * step, self.height - bar_height, bar, bar_height, value

    def summary(self):
        """The total, then the periods that had any: "3 in total. Feb: 2, Mar: 1; none in
        the other months." (a row of My team carries one, so the empty months are not
        listed one by one)."""
        pairs = zip(self.labels, self.values, strict=True)
        described = ", ".join(f"{label}: {value}" for label, value in pairs if value)
        if not described:
            return f"0 in total, none in {len(self.values)} months."
        rest = "; none in the other months" if 0 in self.values else ""
        return f"{sum(self.values)} in total. {described}{rest}."

    def svg(self, title):
        """The bars as one path (a month with nothing draws nothing above the baseline):
        a dashboard shows one per row, so each byte counts 25 times."""
        bars = "".join(
            f"M{x:g} {y}h{w:g}v{h}h-{w:g}z" for x, y, w, h, value in self.points() if value
        )
        return format_html(
            '<svg class="sparkline" role="img" width="{w}" height="{h}" '
            'aria-label="{title}: {summary}">'
            '<path class="spark-base" d="M0 {base}H{w}"/>{bars}</svg>',
            w=self.width,
            h=self.height,
            base=self.height - 0.5,
            title=title,
            summary=self.summary(),
            bars=format_html('<path class="spark-bar" d="{}"/>', bars) if bars else "",
        )


@dataclass(frozen=True)
class LineChart:
    """Several series over the same periods, e.g. people ready and close, month by month."""

    labels: list
    series: dict  # name -> list of numbers, same length as labels
    width: int = 560
    height: int = 160
    pad: int = 28

    def _xy(self, index, value, top):
        usable_w, usable_h = self.width - 2 * self.pad, self.height - 2 * self.pad
        x = self.pad + (usable_w * index / max(len(self.labels) - 1, 1))
        y = self.height - self.pad - (usable_h * value / top)
        return round(x, 1), round(y, 1)

    def summary(self):
        parts = []
        for name, values in self.series.items():
            pairs = ", ".join(
                f"{label} {value}" for label, value in zip(self.labels, values, strict=True)
            )
            parts.append(f"{name}: {pairs}")
        return ". ".join(parts) + "."

    def svg(self, title):
        top = max((v for values in self.series.values() for v in values), default=0) or 1
        lines = []
        for number, values in enumerate(self.series.values()):
            points = " ".join(
                f"{x},{y}" for x, y in (self._xy(i, v, top) for i, v in enumerate(values))
            )
            lines.append(
                format_html(
                    '<polyline points="{}" class="series series-{}" fill="none"></polyline>',
                    points,
                    number,
                )
            )
        first, last = self.labels[:1], self.labels[-1:]
        axis = format_html(
            '<line x1="{p}" y1="{b}" x2="{r}" y2="{b}" class="axis"></line>'
            '<text x="{p}" y="{t}" class="axis-label">{first}</text>'
            '<text x="{r}" y="{t}" class="axis-label" text-anchor="end">{last}</text>'
            '<text x="4" y="{p}" class="axis-label">{top}</text>',
            p=self.pad,
            b=self.height - self.pad,
            r=self.width - self.pad,
            t=self.height - 8,
            first=first[0] if first else "",
            last=last[0] if last else "",
            top=top,
        )
        legend = format_html_join(
            "",
            '<text x="{}" y="14" class="legend series-{}-text">{}</text>',
            ((self.pad + number * 120, number, name) for number, name in enumerate(self.series)),
        )
        return format_html(
            '<svg class="linechart" role="img" viewBox="0 0 {w} {h}" aria-label="{title}">'
            "<title>{title}</title><desc>{summary}</desc>{axis}{legend}{lines}</svg>",
            w=self.width,
            h=self.height,
            title=title,
            summary=self.summary(),
            axis=axis,
            legend=legend,
            lines=format_html_join("", "{}", ((line,) for line in lines)),
        )
