"""What a spot build makes in moto, read with boto3 (not the code under test). Prints one JSON value.

Usage: python3 -c <this script> <endpoint> <region>...
  per region: launch templates (name, tags, version data), fleets (state, type, tags, configs),
  instances (state, type, lifecycle, tags), spot requests (state, their instance's state)
"""
import json, sys
import boto3

def client(endpoint, region):
    return boto3.client("ec2", region_name=region, endpoint_url=endpoint, aws_access_key_id="testing",
                        aws_secret_access_key="testing")

def tags(resource):
    return {t["Key"]: t["Value"] for t in resource.get("Tags", [])}

def spot(ec2):
    templates = []
    for t in ec2.describe_launch_templates()["LaunchTemplates"]:
        versions = ec2.describe_launch_template_versions(LaunchTemplateId=t["LaunchTemplateId"])
        templates.append({"name": t["LaunchTemplateName"], "tags": tags(t),
                          "data": [v["LaunchTemplateData"] for v in versions["LaunchTemplateVersions"]]})
    fleets = [{"id": f["FleetId"], "state": f["FleetState"], "type": f.get("Type"), "tags": tags(f),
               "configs": f.get("LaunchTemplateConfigs", [])} for f in ec2.describe_fleets()["Fleets"]]
    states = {i["InstanceId"]: i["State"]["Name"] for r in ec2.describe_instances()["Reservations"]
              for i in r["Instances"]}
    instances = [{"id": i["InstanceId"], "state": i["State"]["Name"], "type": i["InstanceType"],
                  "lifecycle": i.get("InstanceLifecycle"), "tags": tags(i)}
                 for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]]
    requests = [{"id": s["SpotInstanceRequestId"], "state": s["State"],
                 "instance_state": states.get(s.get("InstanceId"), "unknown")}
                for s in ec2.describe_spot_instance_requests()["SpotInstanceRequests"]]
    return {"launch_templates": templates, "fleets": fleets, "instances": instances, "spot_requests": requests}

endpoint, regions = sys.argv[1], sys.argv[2:]
print(json.dumps({r: spot(client(endpoint, r)) for r in regions}, default=str))
