"""Asks a moto server what exists, with boto3 (not the code under test). Prints one JSON value.

Usage: python3 ec2_inspect.py <endpoint> <command> <region>...
  leaks   per region: instances not terminated, key pairs named packer_*, security groups
          other than the default ones, volumes not attached, snapshots no AMI uses
  instances  per region: every instance with its state, key name, tags and volume tags
  images  per region: the AMIs owned by the caller with tags, launch permissions and their
          snapshots (with tags and create-volume permissions)
"""
import json
import sys

import boto3


def client(endpoint, region):
    return boto3.client(
        "ec2", region_name=region, endpoint_url=endpoint, aws_access_key_id="testing", aws_secret_access_key="testing"
    )


def tags(resource):
    return {t["Key"]: t["Value"] for t in resource.get("Tags", [])}


def leaks(ec2):
    instances = [
        i["InstanceId"] + ":" + i["State"]["Name"]
        for r in ec2.describe_instances()["Reservations"]
        for i in r["Instances"]
        if i["State"]["Name"] != "terminated"
    ]
    key_pairs = [k["KeyName"] for k in ec2.describe_key_pairs()["KeyPairs"] if k["KeyName"].startswith("packer")]
    groups = [g["GroupId"] + ":" + g["GroupName"] for g in ec2.describe_security_groups()["SecurityGroups"]
              if g["GroupName"] != "default"]
    volumes = [v["VolumeId"] for v in ec2.describe_volumes()["Volumes"] if v["State"] != "in-use"]
    used = {
        m["Ebs"]["SnapshotId"]
        for image in ec2.describe_images()["Images"]
        for m in image.get("BlockDeviceMappings", [])
        if "Ebs" in m and "SnapshotId" in m["Ebs"]
    }
    snapshots = [s["SnapshotId"] for s in ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]
                 if s["SnapshotId"] not in used]
    return {"instances": instances, "key_pairs": key_pairs, "security_groups": groups, "volumes": volumes,
            "snapshots": snapshots}


def instances(ec2):
    out = []
    for r in ec2.describe_instances()["Reservations"]:
        for i in r["Instances"]:
            out.append({"id": i["InstanceId"], "state": i["State"]["Name"], "key_name": i.get("KeyName"),
                        "image_id": i.get("ImageId"), "tags": tags(i),
                        "security_groups": [g["GroupName"] for g in i.get("SecurityGroups", [])]})
    return out


def tagged(ec2):
    """Key pairs and security groups with their tags (temporary ones carry the run id)."""
    return {"key_pairs": {k["KeyName"]: tags(k) for k in ec2.describe_key_pairs()["KeyPairs"]},
            "security_groups": {g["GroupName"]: tags(g) for g in ec2.describe_security_groups()["SecurityGroups"]}}


def images(ec2):
    out = []
    for image in ec2.describe_images(Owners=["self"])["Images"]:
        perms = ec2.describe_image_attribute(ImageId=image["ImageId"], Attribute="launchPermission")
        snapshots = []
        for m in image.get("BlockDeviceMappings", []):
            snap_id = m.get("Ebs", {}).get("SnapshotId")
            if not snap_id:
                continue
            snap = ec2.describe_snapshots(SnapshotIds=[snap_id])["Snapshots"][0]
            snap_perms = ec2.describe_snapshot_attribute(SnapshotId=snap_id, Attribute="createVolumePermission")
            snapshots.append({"id": snap_id, "tags": tags(snap),
                              "create_volume_permissions": snap_perms.get("CreateVolumePermissions", [])})
        out.append({"id": image["ImageId"], "name": image.get("Name"), "description": image.get("Description"),
                    "state": image["State"], "tags": tags(image),
                    "launch_permissions": perms.get("LaunchPermissions", []), "snapshots": snapshots})
    return sorted(out, key=lambda i: i["id"])


if __name__ == "__main__":
    endpoint, command, regions = sys.argv[1], sys.argv[2], sys.argv[3:]
    inspect = {"leaks": leaks, "images": images, "instances": instances, "tagged": tagged}[command]
    print(json.dumps({region: inspect(client(endpoint, region)) for region in regions}))
