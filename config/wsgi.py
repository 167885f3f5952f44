import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# What loading Django made lives as long as the process: out of the collector's
# sight, a full collection no longer walks it (it held pages up for 70-300 ms).
gc.freeze()
