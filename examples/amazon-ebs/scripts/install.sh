#!/bin/sh
set -eu
sudo mkdir -p /etc/app
sudo mv /tmp/app.conf /etc/app/app.conf
echo "installed app $APP_VERSION"
