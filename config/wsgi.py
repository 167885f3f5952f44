import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# What loading Django made lives as long as the process: kept out of the collector's
# sight, a full collection does not walk it while a request waits.
gc.freeze()
