"""What an IAM test finds in moto, read with boto3 (not the code under test). Prints one JSON value.

Usage: python3 -c <this script> <endpoint> state <region>
         roles (name, description, tags, trust policy, inline policies with their documents,
         instance profiles), instance profiles (name, roles, tags), and the region's instances
         (id, state, instance profile ARN) and launch templates (name, instance profiles)
       python3 -c <this script> <endpoint> create-profile <name>
         makes an instance profile with no role (a user's own profile)
"""
import json, sys
import boto3

def client(service, endpoint, region="us-east-1"):
    return boto3.client(service, region_name=region, endpoint_url=endpoint, aws_access_key_id="testing",
                        aws_secret_access_key="testing")

def tags(resource):
    return {t["Key"]: t["Value"] for t in resource.get("Tags", [])}

def state(endpoint, region):
    iam = client("iam", endpoint)
    roles = []
    for r in iam.list_roles()["Roles"]:
        name = r["RoleName"]
        role = iam.get_role(RoleName=name)["Role"]
        policies = {p: iam.get_role_policy(RoleName=name, PolicyName=p)["PolicyDocument"]
                    for p in iam.list_role_policies(RoleName=name)["PolicyNames"]}
        profiles = [p["InstanceProfileName"]
                    for p in iam.list_instance_profiles_for_role(RoleName=name)["InstanceProfiles"]]
        roles.append({"name": name, "description": role.get("Description"), "tags": tags(role),
                      "trust": role["AssumeRolePolicyDocument"], "policies": policies, "profiles": profiles})
    profiles = []
    for p in iam.list_instance_profiles()["InstanceProfiles"]:
        full = iam.get_instance_profile(InstanceProfileName=p["InstanceProfileName"])["InstanceProfile"]
        profiles.append({"name": p["InstanceProfileName"], "roles": [r["RoleName"] for r in full["Roles"]],
                         "tags": tags(full)})
    ec2 = client("ec2", endpoint, region)
    instances = [{"id": i["InstanceId"], "state": i["State"]["Name"],
                  "profile_arn": i.get("IamInstanceProfile", {}).get("Arn")}
                 for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]]
    templates = []
    for t in ec2.describe_launch_templates()["LaunchTemplates"]:
        versions = ec2.describe_launch_template_versions(LaunchTemplateId=t["LaunchTemplateId"])
        templates.append({"name": t["LaunchTemplateName"],
                          "profiles": [v["LaunchTemplateData"].get("IamInstanceProfile")
                                       for v in versions["LaunchTemplateVersions"]]})
    return {"roles": roles, "instance_profiles": profiles, "instances": instances, "launch_templates": templates}

endpoint, command = sys.argv[1], sys.argv[2]
if command == "state":
    print(json.dumps(state(endpoint, sys.argv[3]), default=str))
elif command == "create-profile":
    client("iam", endpoint).create_instance_profile(InstanceProfileName=sys.argv[3])
    print("{}")
else:
    sys.exit("unknown command " + command)
