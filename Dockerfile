# One image for every role: web, worker, beat (see docker-compose.yml and Procfile).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PROMO_VAR_DIR=/srv/promo/var
WORKDIR /srv/promo

# DejaVu gives the PDF export (fpdf2) full Unicode; without it PDFs fall back to Latin-1.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install .
COPY . .
RUN groupadd --system promo && useradd --system --gid promo --home /srv/promo promo \
    && mkdir -p /srv/promo/var && chown -R promo:promo /srv/promo/var \
    && DEBUG=true SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && chown -R promo:promo /srv/promo/var

USER promo
EXPOSE 8000
CMD ["gunicorn", "promo.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
