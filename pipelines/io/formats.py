"""What the readers and the image checks accept, in a module that imports nothing.

Option parsing checks ``--format`` and shows the image limits' defaults before
Beam is imported; the readers and ``ImageLimits`` take the same values from here.
"""

FORMATS = ("coco", "llava", "mblip", "vqa", "jsonl", "parquet", "wds")
MAX_IMAGE_BYTES = 50 * 1024 * 1024
MAX_IMAGE_PIXELS = 89_478_485  # Pillow's default MAX_IMAGE_PIXELS
