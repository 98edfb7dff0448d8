"""Media: uploads, image variants, video transcoding."""
