"""Image validation and renditions. Placeholder until the foundation issue implements it.

Public surface used by other apps:

- `validate_image_file(file)`: raises ValidationError (with the reason) unless the file is a usable image.
- `rendition_url(image, width, fmt="jpeg")`: URL of a rendition at most `width` pixels wide.
"""


def validate_image_file(file):
    pass


def rendition_url(image, width, fmt="jpeg"):
    return image.file.url
