"""Settings for running beyond one machine, read from the environment (README, "Beyond one machine").

- Media on S3-compatible object storage (django-storages) when MEDIA_S3_BUCKET is set.
- A read replica for public pages when DATABASE_REPLICA_URL is set (newsroom/routers.py).

Without those variables nothing here changes anything.
"""

import os

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"


def s3_media(environ=os.environ):
    """(storage entry, media URL) for media on object storage, or None when MEDIA_S3_BUCKET is unset.

    Every stored file keeps the name the server chose (never overwritten: two renditions
    written at once keep the first, as on disk). Files are linked by plain, lasting addresses —
    pages are cached, e-mailed, put in feeds and shared, so an address must never expire — at
    MEDIA_S3_PUBLIC_URL (a CDN, or the bucket's own public address) or else the bucket's address;
    the bucket (or the CDN in front of it) lets the public read.
    """
    bucket = environ.get("MEDIA_S3_BUCKET", "")
    if not bucket:
        return None
    endpoint = environ.get("MEDIA_S3_ENDPOINT_URL", "").rstrip("/")
    region = environ.get("MEDIA_S3_REGION", "") or "us-east-1"
    public = environ.get("MEDIA_S3_PUBLIC_URL", "").rstrip("/")
    prefix = environ.get("MEDIA_S3_PREFIX", "").strip("/")
    options = {
        "bucket_name": bucket,
        "location": prefix,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "public, max-age=31536000"},
        "querystring_auth": False,
        "region_name": region,
        "signature_version": "s3v4",
    }
    if endpoint:  # another S3-compatible service: its address, the bucket in the path
        options["endpoint_url"] = endpoint
        options["addressing_style"] = "path"
        base = f"{endpoint}/{bucket}"
    else:  # AWS: the bucket's own regional host (in the path when its name has dots, as boto3 does)
        options["endpoint_url"] = f"https://s3.{region}.amazonaws.com"
        options["addressing_style"] = "path" if "." in bucket else "virtual"
        base = (
            f"https://s3.{region}.amazonaws.com/{bucket}"
            if "." in bucket
            else f"https://{bucket}.s3.{region}.amazonaws.com"
        )
    if environ.get("MEDIA_S3_ACCESS_KEY_ID"):
        options["access_key"] = environ["MEDIA_S3_ACCESS_KEY_ID"]
        options["secret_key"] = environ.get("MEDIA_S3_SECRET_ACCESS_KEY", "")
    if public:
        scheme, _sep, domain = public.partition("://")
        if not domain:
            raise ImproperlyConfigured("MEDIA_S3_PUBLIC_URL must be a full address, e.g. https://media.example.org")
        options["custom_domain"] = domain
        options["url_protocol"] = f"{scheme}:"
        base = public
    media_url = f"{base}/{prefix}/" if prefix else f"{base}/"
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}, media_url


def replica_database(primary, replica_url, *, conn_max_age):
    """The `replica` database entry: the primary's settings with the replica's address."""
    import dj_database_url

    replica = dj_database_url.parse(replica_url, conn_max_age=conn_max_age, conn_health_checks=True)
    if replica["ENGINE"] != primary["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must name the same kind of database as DATABASE_URL.")
    replica["OPTIONS"] = {**primary.get("OPTIONS", {}), **replica.get("OPTIONS", {})}
    replica["TEST"] = {"MIRROR": "default"}  # tests read the primary through it
    return replica
