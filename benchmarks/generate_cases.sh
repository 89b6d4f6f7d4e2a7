#!/bin/sh
# Writes CASES generated MCA cases as NDJSON on standard output: every section, varied roles,
# countries, dates, records on file, and one case in a hundred that does not fit the input schema.
# Used by eval_throughput.sh and diff_throughput.sh. Usage: benchmarks/generate_cases.sh CASES
set -eu
cases=${1:-1000000}
# Cases of every section, varied: roles, countries, dates, records on file, bad input (1 in 100).
awk -v n="$cases" 'BEGIN {
  split("SE JP CA DE TW BR US FR KR AU GB MX NO", countries, " ");
  split("AdminAgent SalesAgent HelpdeskAgent GlobalAdmin BillingAdmin", roles, " ");
  split("UI API PowerShell BulkTool", channels, " ");
  split("NewOrder SeatIncrease SeatDecrease ManualRenewal AutoRenewal", kinds, " ");
  for (i = 1; i <= n; i++) {
    c = countries[i % 13 + 1]; r = roles[i % 5 + 1]; ch = channels[i % 4 + 1];
    day = sprintf("2024-%02d-%02d", i % 12 + 1, i % 28 + 1);
    printf "{\"id\":\"c%d\",\"now\":\"2024-06-10T12:00:00Z\",", i;
    printf "\"partner\":{\"tenantId\":\"5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23\",\"type\":\"%s\"},", (i % 7 == 0 ? "IndirectReseller" : "DirectBill");
    printf "\"actor\":{\"roles\":[\"%s\"],\"channel\":\"%s\"},", r, ch;
    printf "\"customer\":{\"tenantId\":\"8b3e6f21-4c0d-4a9e-b7f2-%012d\",\"country\":\"%s\",\"isNew\":%s", i, c, (i % 3 == 0 ? "true" : "false");
    if (i % 2 == 0) printf ",\"agreements\":[{\"primaryContact\":{\"firstName\":\"Ingrid\",\"lastName\":\"Nakamura\",\"email\":\"ingrid@contoso.example\"},\"templateId\":\"117a77b0-9360-443b-8795-c6dedc750cf9\",\"dateAgreed\":\"2021-03-02T00:00:00\",\"type\":\"MicrosoftCustomerAgreement\",\"partnerTenantId\":\"5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23\"}]";
    if (i % 5 == 0) printf ",\"priorPurchases\":[{\"category\":\"AzurePlan\"}]";
    printf "}";
    s = i % 5;
    if (s == 0) printf ",\"agreement\":{\"primaryContact\":{\"firstName\":\"Ingrid\",\"lastName\":\"Nakamura\",\"email\":\"ingrid@contoso.example\"},\"templateId\":\"117a77b0-9360-443b-8795-c6dedc750cf9\",\"type\":\"MicrosoftCustomerAgreement\",\"dateAgreed\":\"%s\"}", day;
    if (s == 1) printf ",\"purchase\":{\"kind\":\"%s\"}", kinds[i % 5 + 1];
    if (s == 2) printf ",\"directAcceptance\":{\"intent\":\"NewPurchaseExistingPartner\"}";
    if (s == 3) printf ",\"templateRequest\":{\"templateId\":\"117a77b0-9360-443b-8795-c6dedc750cf9\",\"language\":\"fr-FR\"}";
    if (s == 4) printf ",\"statusRequest\":{\"kind\":\"%s\"}", (i % 2 ? "Confirmation" : "DirectSignStatus");
    if (i % 100 == 0) printf ",\"purchase\":{\"kind\":\"Refund\"}";
    printf "}\n";
  }
}'
