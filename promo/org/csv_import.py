"""Reading a people CSV: the bytes, the header and each row's own shape.

Nothing here reads the database; promo.org.import_plan checks the rows against the
organisation as it is. Every problem names its line (as a spreadsheet numbers it, the
header being line 1) and says what to change, so one dry run lists all of them.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.template.defaultfilters import filesizeformat

# column -> what it means, in the order the page and docs/organisation.md list them.
COLUMNS = {
    "email": "Required. Who the row is about; an existing address updates that person.",
    "display_name": "Their name. Required for a new person; empty keeps an existing name.",
    "team": "Team name. A team promo does not know yet is created. Empty: no team.",
    "level": "Level code on their ladder, such as L5. Empty: no level.",
    "manager_email": "Their manager, in this file or already in promo. Empty: top of the org.",
    "mentor_emails": "Their mentors, separated by semicolons. Empty: no mentors.",
    "is_active": "yes or no. Empty: a new person is active, an existing one stays as is.",
}
REQUIRED = ("email",)
TRUE_WORDS = {"yes", "y", "true", "1", "active"}
FALSE_WORDS = {"no", "n", "false", "0", "inactive"}
# A field longer than this is no name or address: the file is not what it claims.
FIELD_LIMIT = 1000
# The longest value each column's field holds (promo.org.models).
LENGTHS = {"email": 254, "display_name": 120, "team": 120, "level": 20}


@dataclass
class Problem:
    line: int
    message: str


@dataclass
class Row:
    """One person's row: only the columns the file has, values stripped, emails lowered."""

    line: int
    email: str
    values: dict
    mentors: list = field(default_factory=list)
    is_active: bool | None = None

    def has(self, column):
        return column in self.values


@dataclass
class ParsedFile:
    columns: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    # email -> line, for every row with an email, good or bad: a bad row's person is still
    # "in the file" for the rows that name them as manager or mentor.
    lines_by_email: dict = field(default_factory=dict)

    def problem(self, line, message):
        self.problems.append(Problem(line, message))


def decode_upload(data: bytes, *, limit: int) -> tuple[str | None, list[Problem]]:
    """The text of an uploaded file, or None and why it cannot be read as CSV text."""
    if len(data) > limit:
        return None, [too_large(len(data), limit)]
    if b"\x00" in data:
        return None, [Problem(1, "This is a binary file, not CSV text. Save it as CSV UTF-8.")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [
            Problem(
                line,
                f"Bytes that are not UTF-8 text (at byte {error.start}). "
                "Save the file as CSV UTF-8 and upload it again.",
            )
        ]


def too_large(size, limit):
    return Problem(
        1,
        f"This file is {filesizeformat(size)}; promo imports at most {filesizeformat(limit)} "
        "at once. Split it into smaller files (managers first) and import each.",
    )


def parse_people_csv(text: str, *, limit: int) -> ParsedFile:
    """The header and rows of `text`, with every problem that needs no database."""
    parsed = ParsedFile()
    if len(text.encode("utf-8")) > limit:
        parsed.problems.append(too_large(len(text.encode("utf-8")), limit))
        return parsed
    if "\x00" in text:
        parsed.problem(1, "This is binary data, not CSV text. Save the file as CSV UTF-8.")
        return parsed
    records = _records(text.lstrip("\ufeff"), parsed)
    header = next(records, None)
    if header is None:
        if not parsed.problems:
            parsed.problem(1, "The file is empty: the first line names the columns.")
        return parsed
    if not _read_header(header, parsed):
        return parsed
    for line, cells in records:
        _read_row(line, cells, parsed)
    return parsed


def _records(text, parsed):
    """(line, cells) for each non-blank record; a malformed one ends the file with a problem."""
    reader = csv.reader(io.StringIO(text), strict=True)
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            parsed.problem(reader.line_num, f"This line is not valid CSV ({error}).")
            return
        start, line = line, reader.line_num + 1
        if any(cell.strip() for cell in cells):
            yield start, cells


def _read_header(record, parsed):
    line, cells = record
    columns = [cell.strip().lower().replace(" ", "_") for cell in cells]
    known = ", ".join(COLUMNS)
    for column in columns:
        if column not in COLUMNS:
            parsed.problem(line, f"Unknown column {column!r}. The columns are: {known}.")
        elif columns.count(column) > 1:
            parsed.problem(line, f"The column {column!r} appears more than once.")
    for column in REQUIRED:
        if column not in columns:
            parsed.problem(line, f"The required column {column!r} is missing. Columns: {known}.")
    parsed.columns = columns
    return not parsed.problems


def _read_row(line, cells, parsed):
    columns = parsed.columns
    if len(cells) > len(columns):
        extra = len(cells) - len(columns)
        parsed.problem(
            line,
            f"{len(cells)} cells, but the header names {len(columns)} columns "
            f"({extra} too many: a comma inside a value needs quotes).",
        )
        return
    if any(len(cell) > FIELD_LIMIT for cell in cells):
        parsed.problem(line, f"A value is longer than {FIELD_LIMIT} characters.")
        return
    # A spreadsheet drops empty cells at the end of a row; they mean empty values.
    padded = [cell.strip() for cell in cells] + [""] * (len(columns) - len(cells))
    values = dict(zip(columns, padded, strict=True))
    for column in ("email", "manager_email"):
        if column in values:
            values[column] = values[column].lower()
    row = Row(line=line, email=values["email"], values=values)
    problems = _row_problems(row)
    if row.email in parsed.lines_by_email:
        first = parsed.lines_by_email[row.email]
        problems.append(f"{row.email} is also on line {first}; one row a person.")
    elif row.email:
        parsed.lines_by_email[row.email] = line
    for message in problems:
        parsed.problem(line, message)
    if not problems:
        parsed.rows.append(row)


def _row_problems(row):
    problems = []
    if not row.email:
        return ["The email is empty; every row needs one."]
    for column, longest in LENGTHS.items():
        if len(row.values.get(column, "")) > longest:
            problems.append(f"{column} is longer than {longest} characters.")
    problems += _bad_email("email", row.email)
    manager = row.values.get("manager_email", "")
    if manager:
        problems += _bad_email("manager_email", manager)
        if manager == row.email:
            problems.append("A person cannot be their own manager.")
    mentors = row.values.get("mentor_emails", "").replace(",", ";").lower().split(";")
    row.mentors = list(dict.fromkeys(mentor.strip() for mentor in mentors if mentor.strip()))
    for mentor in row.mentors:
        problems += _bad_email("mentor_emails", mentor)
    if row.email in row.mentors:
        problems.append("A person cannot be their own mentor.")
    active = row.values.get("is_active", "").lower()
    if active in TRUE_WORDS or active in FALSE_WORDS:
        row.is_active = active in TRUE_WORDS
    elif active:
        problems.append(f"is_active is {active!r}; write yes or no (or leave it empty).")
    return problems


def _bad_email(column, value):
    try:
        validate_email(value)
    except ValidationError:
        return [f"{column} {value!r} is not an email address."]
    return []
