"""moto_server for rpacker tests: stock moto plus a test AMI catalogue and one fix.

Usage: python3 moto_server.py <catalogue.json> <moto_server arguments...>

The catalogue (written here, before moto's EC2 models are imported, since they read
MOTO_AMIS_PATH at import) is moto's own default AMIs plus the test source AMIs listed in
TEST_AMIS_JSON (moto's CreateImage/RegisterImage cannot make an EBS-rooted source image).

The fix: moto's AmiBackend._load_amis() replaces each catalogue entry's creation_date string
with a datetime *in the shared module-level list*, so the second region to load the catalogue
passes a datetime to the timestamp parser and answers HTTP 500. Dates that are already parsed
are passed through unchanged.
"""
import datetime
import gzip
import importlib.util
import json
import os
import sys


def moto_resource(name):
    root = importlib.util.find_spec("moto").submodule_search_locations[0]
    path = os.path.join(root, "ec2", "resources", name)
    if os.path.exists(path + ".gz"):
        with gzip.open(path + ".gz", "rt") as f:
            return json.load(f)
    with open(path) as f:
        return json.load(f)


def write_catalogue(path):
    images = moto_resource("amis.json")
    known = {image["ami_id"] for image in images}
    images += [image for image in json.loads(os.environ["TEST_AMIS_JSON"]) if image["ami_id"] not in known]
    with open(path, "w") as f:
        json.dump(images, f)
    os.environ["MOTO_AMIS_PATH"] = path


def pass_parsed_dates_through():
    import moto.ec2.models.amis as amis

    parse = amis.parse_timestamp

    def parse_once(value):
        return value if isinstance(value, datetime.datetime) else parse(value)

    amis.parse_timestamp = parse_once


if __name__ == "__main__":
    write_catalogue(sys.argv.pop(1))
    pass_parsed_dates_through()
    from moto.server import main

    sys.exit(main())
