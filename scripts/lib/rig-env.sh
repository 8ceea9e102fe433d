# Sourced by the benchmarks that build the rig's ebs-basic.json against local-cloud.
#
# export_rig_env EC2_ENDPOINT: exports the rig's environment for ebs-basic.json (RIG_*, throwaway
#   AWS credentials, no metadata service, no shared config) pointed at EC2_ENDPOINT and at
#   local-cloud's instance sshd (call start_local_cloud first).
# leak_summary ENDPOINT: one line per region the build uses: instances, packer key pairs,
#   security groups and unattached volumes left behind (ask moto itself, never a proxy).

export_rig_env() {
  export RIG_EC2_ENDPOINT="$1" RIG_SSH_HOST="$LOCAL_SSH_HOST" RIG_SSH_PORT="$LOCAL_SSH_PORT" \
    RIG_SSH_USER="$LOCAL_SSH_USER" RIG_SSH_KEY="$LOCAL_SSH_KEY" RIG_KEYPAIR_NAME="" \
    RIG_SOURCE_AMI_OWNER="$LOCAL_AMI_OWNER" RIG_SOURCE_AMI_NAME="$LOCAL_AMI_NAME" \
    AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 \
    AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    CHECKPOINT_DISABLE=1
}

leak_summary() {
  local endpoint="$1" region aws n_inst n_keys n_sgs n_vols out=""
  for region in us-east-1 us-west-2 eu-west-1; do
    aws="aws --endpoint-url $endpoint --region $region --output text ec2"
    n_inst=$($aws describe-instances --query 'Reservations[].Instances[?State.Name!=`terminated`].InstanceId' | wc -w)
    n_keys=$($aws describe-key-pairs --query 'KeyPairs[?starts_with(KeyName,`packer`)].KeyName' | wc -w)
    n_sgs=$($aws describe-security-groups --query 'SecurityGroups[?GroupName!=`default`].GroupId' | wc -w)
    n_vols=$($aws describe-volumes --query 'Volumes[?State==`available`].VolumeId' | wc -w)
    out+="$region: $n_inst instances, $n_keys key pairs, $n_sgs security groups, $n_vols unattached volumes; "
  done
  printf '%s\n' "$out"
}
