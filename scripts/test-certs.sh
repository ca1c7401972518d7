#!/usr/bin/env bash
# Makes a throwaway certificate authority and server certificates with openssl, for tests of TLS
# in front of the storage servers. Nothing is checked in: every run makes new keys.
#
# Usage: bash scripts/test-certs.sh DIR     (default DIR: $PWD/.tmp/certs; reused if complete)
#
# DIR/ca.pem            "Console Test Root CA" (the CA tests trust through the CA field)
# DIR/other-ca.pem      "Console Other Test CA" (never trusted)
# DIR/expired-ca.pem    a CA certificate, signed by ca.pem, that expired in 2021
# DIR/<name>.pem/.key   server certificates:
#   valid       localhost + 127.0.0.1, signed by ca.pem, one year
#   wrong-host  only storage.wrong.example, signed by ca.pem
#   expired     localhost + 127.0.0.1, expired in 2021
#   expiring    localhost + 127.0.0.1, expires in 10 days
#   untrusted   localhost + 127.0.0.1, signed by other-ca.pem
set -euo pipefail

DIR=${1:-$PWD/.tmp/certs}
NAMES=(valid wrong-host expired expiring untrusted)
complete() {
  local name
  for name in ca other-ca expired-ca "${NAMES[@]}"; do [ -s "$DIR/$name.pem" ] || return 1; done
  # "expiring" must still be valid and expire within 30 days when reused.
  openssl x509 -in "$DIR/expiring.pem" -noout -checkend 86400 >/dev/null &&
    ! openssl x509 -in "$DIR/expiring.pem" -noout -checkend $((30 * 86400)) >/dev/null
}
if complete; then echo "$DIR"; exit 0; fi

if ! command -v openssl >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >/dev/null && apt-get install -y openssl >/dev/null
fi

rm -rf "$DIR.new" && mkdir -p "$DIR.new" && cd "$DIR.new"
stamp() { date -u -d "$1" +%Y%m%d%H%M%SZ; }

# One self-signed root per authority, each with its own `openssl ca` database.
make_ca() { # name subject
  mkdir -p "db-$1" && : >"db-$1/index.txt" && echo 1000 >"db-$1/serial"
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.pem" \
    -subj "$2" -days 3650 -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' 2>/dev/null
  cat >"db-$1/ca.cnf" <<CNF
[ca]
default_ca = this
[this]
database = db-$1/index.txt
serial = db-$1/serial
new_certs_dir = db-$1
certificate = $1.pem
private_key = $1.key
default_md = sha256
policy = any
copy_extensions = copy
unique_subject = no
[any]
commonName = supplied
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
[intermediate]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
CNF
}

sign() { # ca name subject san start end extensions
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$2.key" -out "$2.csr" -subj "$3" \
    ${4:+-addext "subjectAltName=$4"} 2>/dev/null
  openssl ca -batch -notext -config "db-$1/ca.cnf" -extensions "$7" -in "$2.csr" -out "$2.pem" \
    -startdate "$5" -enddate "$6" 2>/dev/null
  rm -f "$2.csr"
}

LOCAL='DNS:localhost,IP:127.0.0.1'
make_ca ca '/O=Console Test/CN=Console Test Root CA'
make_ca other-ca '/O=Elsewhere/CN=Console Other Test CA'
sign ca valid '/CN=localhost' "$LOCAL" "$(stamp '-1 day')" "$(stamp '+365 days')" server
sign ca wrong-host '/CN=storage.wrong.example' 'DNS:storage.wrong.example' "$(stamp '-1 day')" "$(stamp '+365 days')" server
sign ca expired '/CN=localhost' "$LOCAL" 20200101000000Z 20210101000000Z server
sign ca expiring '/CN=localhost' "$LOCAL" "$(stamp '-1 day')" "$(stamp '+10 days')" server
sign other-ca untrusted '/CN=localhost' "$LOCAL" "$(stamp '-1 day')" "$(stamp '+365 days')" server
sign ca expired-ca '/CN=Console Expired Test CA' '' 20200101000000Z 20210101000000Z intermediate
rm -rf db-* other-ca.key
chmod 600 ./*.key

cd .. && rm -rf "$DIR" && mv "$DIR.new" "$DIR"
echo "$DIR"
