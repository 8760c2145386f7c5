package main

import (
	"strings"
	"time"

	"github.com/onus-dev/onus"
)

// entry is the hand-kept part of one Azure service: what the baselines do
// not say (the onus ID and name, the delivery model, the resource types) and
// the rare layer rule that the facts cannot give.
type entry struct {
	// file is the baseline's file name without baselineSuffix; empty for a
	// service no baseline covers.
	file string
	// also names further baselines that cover the same service; the
	// generator checks that they state the same facts.
	also []string
	// skip, when set, says why the baseline yields no service of its own.
	skip string

	id, name string
	// baseline is the product as the baseline's title names it.
	baseline string
	model    onus.DeliveryModel
	category string
	// what says in a sentence what the service is.
	what    string
	aliases []string
	tf, arm []onus.TypeRule
	// defender is the Microsoft Defender plan that protects the service.
	defender string
	// layers are hand-written rules; each replaces the derived rule.
	layers map[onus.Layer]onus.LayerRule
	// tools are added to the derived tools of their layer.
	tools map[onus.Layer][]string
	// source names where an entry without a baseline comes from.
	source *onus.Source
	// partner names the company that runs a service sold through Azure
	// (an Azure Native Integration, Oracle Database@Azure).
	partner string
}

// baselineSuffix ends the file name of every baseline workbook.
const baselineSuffix = "-azure-security-benchmark-v3-latest-security-baseline.xlsx"

// tf lists Terraform type patterns.
func tf(patterns ...string) []onus.TypeRule {
	out := make([]onus.TypeRule, len(patterns))
	for i, p := range patterns {
		out[i] = onus.TypeRule{Type: onus.Pattern(p)}
	}
	return out
}

// arm lists ARM types. A bare namespace ("Microsoft.Sql") stands for every
// type in it; a type ("Microsoft.Network/virtualNetworks") stands for itself
// and its child types; a pattern with a wildcard stands for itself.
func arm(types ...string) []onus.TypeRule {
	var out []onus.TypeRule
	for _, t := range types {
		switch {
		case strings.ContainsAny(t, "*?"):
			out = append(out, onus.TypeRule{Type: onus.Pattern(t)})
		case !strings.Contains(t, "/"):
			out = append(out, onus.TypeRule{Type: onus.Pattern(t + "/*")})
		default:
			out = append(out, onus.TypeRule{Type: onus.Pattern(t)}, onus.TypeRule{Type: onus.Pattern(t + "/*")})
		}
	}
	return out
}

// where is a rule for one type whose attribute attr matches each of the
// patterns in turn: one rule a pattern.
func where(typ, attr string, patterns ...string) []onus.TypeRule {
	out := make([]onus.TypeRule, len(patterns))
	for i, p := range patterns {
		out[i] = onus.TypeRule{Type: onus.Pattern(typ), Where: map[string]onus.Pattern{attr: onus.Pattern(p)}}
	}
	return out
}

func rules(lists ...[]onus.TypeRule) []onus.TypeRule {
	var out []onus.TypeRule
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// functionKinds are the kinds Azure gives function apps. They are listed
// one by one, not as "*functionapp*", because Logic Apps Standard apps are
// "functionapp,workflowapp": a pattern would tie with the Logic Apps rule.
var functionKinds = []string{
	"functionapp",
	"functionapp,linux",
	"functionapp,linux,container",
	"functionapp,linux,container,azurecontainerapps",
	"functionapp,linux,kubernetes",
	"functionapp,kubernetes",
}

// Sources of the entries no baseline covers.
var (
	sharedResponsibility = &onus.Source{
		Title:   "Shared responsibility in the cloud (Microsoft Learn)",
		URL:     "https://learn.microsoft.com/en-us/azure/security/fundamentals/shared-responsibility",
		Date:    onus.DateOf(time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC)),
		License: baselineLicense,
	}
	nativeIntegrations = &onus.Source{
		Title:   "Azure Native Integrations overview (Microsoft Learn)",
		URL:     "https://learn.microsoft.com/en-us/azure/partner-solutions/overview",
		Date:    fallbackDate,
		License: baselineLicense,
	}
	oracleAtAzure = &onus.Source{
		Title:   "Overview of Oracle Database@Azure (Microsoft Learn)",
		URL:     "https://learn.microsoft.com/en-us/azure/oracle/oracle-db/database-overview",
		Date:    fallbackDate,
		License: baselineLicense,
	}
)

// onCustomerSite is the rule for the physical layers of services whose
// hardware stands in the customer's own datacenter.
var onCustomerSite = onus.LayerRule{Owner: onus.Customer, Note: "The hardware stands in the customer's own datacenter or site."}

// entries is the table: one entry per baseline (in file order), then the
// services no baseline covers. Delivery models follow DOMAIN.md: customers
// manage the guest OS under IaaS, patch nodes under CaaS, and configure but
// do not operate a PaaS or SaaS. Where the call is a judgement, a comment
// says why.
var entries = []*entry{
	{file: "api-management", id: "azure:api-management", name: "Azure API Management", baseline: "API Management",
		model: onus.PaaS, category: "integration", what: "Managed API gateways, developer portals and API policies.",
		defender: "Microsoft Defender for APIs",
		tf:       tf("azurerm_api_management*"), arm: arm("Microsoft.ApiManagement")},
	{file: "app-service", id: "azure:app-service", name: "Azure App Service", baseline: "App Service",
		model: onus.PaaS, category: "web", what: "Managed hosting for web apps and APIs on App Service plans.",
		aliases: []string{"azure:web-apps"}, defender: "Microsoft Defender for App Service",
		tf: tf("azurerm_app_service*", "azurerm_linux_web_app*", "azurerm_windows_web_app*", "azurerm_web_app_*",
			"azurerm_service_plan", "azurerm_source_control_token"),
		// The rest of Microsoft.Web is App Service's; function apps, Logic
		// Apps Standard, API connections and static web apps have rules of
		// their own that are more specific.
		arm: arm("Microsoft.Web", "Microsoft.CertificateRegistration", "Microsoft.DomainRegistration")},
	{file: "application-gateway", id: "azure:application-gateway", name: "Azure Application Gateway", baseline: "Application Gateway",
		model: onus.PaaS, category: "networking", what: "Managed layer-7 load balancers in the customer's virtual network, and Application Gateway for Containers.",
		tf: tf("azurerm_application_gateway", "azurerm_network_interface_application_gateway_backend_address_pool_association", "azurerm_application_load_balancer*"),
		arm: arm("Microsoft.Network/applicationGateways", "Microsoft.Network/networkInterfaces/ipConfigurations/applicationGatewayBackendAddressPools",
			"Microsoft.ServiceNetworking")},
	{file: "automation", id: "azure:automation", name: "Azure Automation", baseline: "Automation",
		model: onus.PaaS, category: "management", what: "Runbooks, state configuration and update management for Azure and hybrid machines.",
		tf: tf("azurerm_automation_*"), arm: arm("Microsoft.Automation")},
	{file: "azure-active-directory-domain-services", id: "azure:entra-domain-services", name: "Microsoft Entra Domain Services",
		baseline: "Azure Active Directory Domain Services (now Microsoft Entra Domain Services)",
		model:    onus.PaaS, category: "identity", what: "Managed domain controllers (LDAP, Kerberos, NTLM, Group Policy) in the customer's virtual network.",
		aliases: []string{"azure:aadds"},
		tf:      tf("azurerm_active_directory_domain_service*"), arm: arm("Microsoft.AAD")},
	// Management-plane services with nothing to deploy or run are SaaS: the
	// customer only configures them (Advisor, Policy, Resource Graph,
	// Resource Manager, Cost Management, Lighthouse, Defender for Cloud,
	// Sentinel).
	{file: "azure-advisor", id: "azure:advisor", name: "Azure Advisor", baseline: "Azure Advisor",
		model: onus.SaaS, category: "management", what: "Best-practice recommendations for the customer's Azure resources.",
		tf: tf("azurerm_advisor_*"), arm: arm("Microsoft.Advisor")},
	{file: "azure-analysis-services", id: "azure:analysis-services", name: "Azure Analysis Services", baseline: "Azure Analysis Services",
		model: onus.PaaS, category: "analytics", what: "Managed tabular semantic models for analytics.",
		tf: tf("azurerm_analysis_services_*"), arm: arm("Microsoft.AnalysisServices")},
	{file: "azure-app-configuration", id: "azure:app-configuration", name: "Azure App Configuration", baseline: "Azure App Configuration",
		model: onus.PaaS, category: "developer-tools", what: "A managed store for application settings and feature flags.",
		tf: tf("azurerm_app_configuration*"), arm: arm("Microsoft.AppConfiguration")},
	// Arc-enabled clusters and servers are the customer's own, wherever
	// they run (its datacenter or another cloud); Azure only manages them.
	// On-premises is the closest default; an asset in another cloud can
	// override its model.
	{file: "azure-arc-enabled-kubernetes", id: "azure:arc-kubernetes", name: "Azure Arc-enabled Kubernetes", baseline: "Azure Arc-enabled Kubernetes",
		model: onus.OnPrem, category: "hybrid", what: "Kubernetes clusters the customer runs outside Azure, attached to Azure for management, policy, extensions and GitOps, and custom locations built on them.",
		tf: tf("azurerm_arc_kubernetes_*", "azurerm_extended_location_custom_location"),
		// Cluster extensions and Flux configurations serve AKS clusters
		// too; the ARM type does not say which, and both are Arc features.
		arm: arm("Microsoft.Kubernetes", "Microsoft.KubernetesConfiguration", "Microsoft.ExtendedLocation")},
	{file: "azure-arc-enabled-servers", id: "azure:arc-servers", name: "Azure Arc-enabled servers", baseline: "Azure Arc-enabled servers",
		model: onus.OnPrem, category: "hybrid", what: "Windows and Linux machines outside Azure managed from Azure through the Connected Machine agent, with Arc-enabled System Center VMM and VMware vSphere and the Arc resource bridge.",
		tf:  tf("azurerm_arc_machine*", "azurerm_arc_private_link_scope", "azurerm_arc_resource_bridge_appliance", "azurerm_system_center_virtual_machine_manager_*"),
		arm: arm("Microsoft.HybridCompute", "Microsoft.ScVmm", "Microsoft.ResourceConnector", "Microsoft.ConnectedVMwarevSphere")},
	{file: "azure-bastion", id: "azure:bastion", name: "Azure Bastion", baseline: "Azure Bastion",
		model: onus.PaaS, category: "networking", what: "Managed RDP and SSH access to virtual machines without public IP addresses.",
		tf: tf("azurerm_bastion_host"), arm: arm("Microsoft.Network/bastionHosts")},
	{file: "azure-bot-service", id: "azure:bot-service", name: "Azure AI Bot Service", baseline: "Azure Bot Service",
		model: onus.PaaS, category: "ai", what: "Hosting and channels for conversational bots.",
		tf: tf("azurerm_bot_*"), arm: arm("Microsoft.BotService")},
	{file: "azure-cache-for-redis", id: "azure:redis", name: "Azure Cache for Redis and Azure Managed Redis", baseline: "Azure Cache for Redis",
		model: onus.PaaS, category: "database", what: "Managed Redis in-memory data stores.",
		tf: tf("azurerm_redis_*", "azurerm_managed_redis*"), arm: arm("Microsoft.Cache")},
	{file: "azure-center-for-sap-solutions", id: "azure:sap-solutions", name: "Azure Center for SAP solutions", baseline: "Azure Center for SAP solutions",
		model: onus.PaaS, category: "management", what: "Deploys and manages SAP systems as Virtual Instances for SAP solutions; the virtual machines they run on are Azure Virtual Machines assets.",
		tf: tf("azurerm_workloads_sap_*"), arm: arm("Microsoft.Workloads")},
	{file: "azure-cognitive-search", id: "azure:ai-search", name: "Azure AI Search", baseline: "Azure Cognitive Search (now Azure AI Search)",
		model: onus.PaaS, category: "ai", what: "Managed search indexes, including vector search.",
		aliases: []string{"azure:cognitive-search"},
		tf:      tf("azurerm_search_*"), arm: arm("Microsoft.Search")},
	{file: "azure-communication-services", id: "azure:communication-services", name: "Azure Communication Services", baseline: "Azure Communication Services",
		model: onus.PaaS, category: "integration", what: "APIs for voice, video, chat, SMS and email.",
		tf: tf("azurerm_communication_service", "azurerm_email_communication_service*"), arm: arm("Microsoft.Communication")},
	{file: "azure-communications-gateway", id: "azure:communications-gateway", name: "Azure Communications Gateway", baseline: "Azure Communications Gateway",
		model: onus.PaaS, category: "networking", what: "Connects operators' voice networks to Microsoft Teams Phone.",
		arm: arm("Microsoft.VoiceServices")},
	// Container Apps runs containers without nodes for the customer to
	// patch: PaaS with customer containers, not CaaS.
	{file: "azure-container-apps", id: "azure:container-apps", name: "Azure Container Apps", baseline: "Azure Container Apps",
		model: onus.PaaS, category: "containers", what: "Serverless containers and jobs on managed environments.",
		tools: map[onus.Layer][]string{onus.LayerContainers: {"Microsoft Defender for Containers", "Azure Container Registry"}},
		tf:    tf("azurerm_container_app*"), arm: arm("Microsoft.App")},
	{file: "azure-cosmos-db", id: "azure:cosmos-db", name: "Azure Cosmos DB", baseline: "Azure Cosmos DB",
		model: onus.PaaS, category: "database", what: "Managed multi-model NoSQL databases, and Azure Cosmos DB for MongoDB vCore clusters.",
		defender: "Microsoft Defender for Azure Cosmos DB",
		tf:       tf("azurerm_cosmosdb_*", "azurerm_mongo_cluster*"), arm: arm("Microsoft.DocumentDB")},
	{file: "azure-cosmos-db-for-postgresql", id: "azure:cosmos-db-postgresql", name: "Azure Cosmos DB for PostgreSQL", baseline: "Azure Cosmos DB for PostgreSQL",
		model: onus.PaaS, category: "database", what: "Managed distributed PostgreSQL clusters (Citus).",
		tf: tf("azurerm_cosmosdb_postgresql_*"), arm: arm("Microsoft.DBforPostgreSQL/serverGroupsv2")},
	{file: "azure-data-box", id: "azure:data-box", name: "Azure Data Box", baseline: "Azure Data Box",
		model: onus.PaaS, category: "storage", what: "Devices Microsoft ships to the customer for offline data transfer into and out of Azure.",
		// The device spends part of its life on the customer's site.
		layers: map[onus.Layer]onus.LayerRule{onus.LayerPhysical: {Owner: onus.Shared,
			Split: "Microsoft secures the device in its datacenters and on its way to and from the customer, and wipes it after the transfer. The customer keeps it secure while it is on the customer's site."}},
		arm: arm("Microsoft.DataBox")},
	{file: "azure-data-explorer", id: "azure:data-explorer", name: "Azure Data Explorer", baseline: "Azure Data Explorer",
		model: onus.PaaS, category: "analytics", what: "Managed clusters for log and time-series analytics (Kusto).",
		tf: tf("azurerm_kusto_*"), arm: arm("Microsoft.Kusto")},
	{file: "azure-data-manager-for-energy", id: "azure:data-manager-for-energy", name: "Azure Data Manager for Energy", baseline: "Azure Data Manager for Energy",
		model: onus.PaaS, category: "analytics", what: "A managed OSDU data platform for the energy industry.",
		arm: arm("Microsoft.OpenEnergyPlatform")},
	{file: "azure-data-share", id: "azure:data-share", name: "Azure Data Share", baseline: "Azure Data Share",
		model: onus.PaaS, category: "analytics", what: "Sharing data sets with other organisations.",
		tf: tf("azurerm_data_share*"), arm: arm("Microsoft.DataShare")},
	{file: "azure-database-for-mariadb", id: "azure:mariadb", name: "Azure Database for MariaDB", baseline: "Azure Database for MariaDB",
		model: onus.PaaS, category: "database", what: "Managed MariaDB servers (retired in 2025).",
		defender: "Microsoft Defender for open-source relational databases",
		tf:       tf("azurerm_mariadb_*"), arm: arm("Microsoft.DBforMariaDB")},
	{file: "azure-database-for-mysql--flexible-server", id: "azure:mysql", name: "Azure Database for MySQL", baseline: "Azure Database for MySQL - Flexible Server",
		model: onus.PaaS, category: "database", what: "Managed MySQL flexible servers.",
		defender: "Microsoft Defender for open-source relational databases",
		tf:       tf("azurerm_mysql_*"), arm: arm("Microsoft.DBforMySQL")},
	{file: "azure-database-for-postgresql-flexible-server", id: "azure:postgresql", name: "Azure Database for PostgreSQL", baseline: "Azure Database for PostgreSQL - Flexible Server",
		model: onus.PaaS, category: "database", what: "Managed PostgreSQL flexible servers, and the retired single servers.",
		defender: "Microsoft Defender for open-source relational databases",
		tf:       tf("azurerm_postgresql_*"), arm: arm("Microsoft.DBforPostgreSQL")},
	{file: "azure-database-migration-service", id: "azure:database-migration-service", name: "Azure Database Migration Service", baseline: "Azure Database Migration Service",
		model: onus.PaaS, category: "migration", what: "Managed migrations of databases into Azure.",
		tf: tf("azurerm_database_migration_*"), arm: arm("Microsoft.DataMigration")},
	{file: "azure-databricks", id: "azure:databricks", name: "Azure Databricks", baseline: "Azure Databricks",
		model: onus.PaaS, category: "analytics", what: "Managed Apache Spark workspaces and the lakehouse platform.",
		tf: tf("azurerm_databricks_*"), arm: arm("Microsoft.Databricks")},
	{file: "azure-ddos-protection", id: "azure:ddos-protection", name: "Azure DDoS Protection", baseline: "Azure DDoS Protection",
		model: onus.PaaS, category: "networking", what: "Protection of public IP addresses in virtual networks against distributed denial-of-service attacks.",
		tf: tf("azurerm_network_ddos_protection_plan"), arm: arm("Microsoft.Network/ddosProtectionPlans", "Microsoft.Network/ddosCustomPolicies")},
	// Dedicated HSM hands the customer a whole physical HSM appliance to
	// administer: IaaS, with no hypervisor in between.
	{file: "azure-dedicated-hsm", id: "azure:dedicated-hsm", name: "Azure Dedicated HSM", baseline: "Azure Dedicated HSM",
		model: onus.IaaS, category: "security", what: "Physical hardware security modules in Azure datacenters, administered by the customer.",
		layers: map[onus.Layer]onus.LayerRule{onus.LayerVirtualization: {Owner: onus.NotApplicable, Note: "A dedicated physical appliance: no hypervisor."}},
		tf:     tf("azurerm_dedicated_hardware_security_module"), arm: arm("Microsoft.HardwareSecurityModules")},
	{file: "azure-devtest-labs", id: "azure:devtest-labs", name: "Azure DevTest Labs", baseline: "Azure DevTest Labs",
		model: onus.IaaS, category: "compute", what: "Labs of development and test virtual machines with cost and shutdown policies.",
		tf: tf("azurerm_dev_test_*"), arm: arm("Microsoft.DevTestLab")},
	{file: "azure-digital-twins", id: "azure:digital-twins", name: "Azure Digital Twins", baseline: "Azure Digital Twins",
		model: onus.PaaS, category: "iot", what: "Digital models of environments, fed by IoT data.",
		tf: tf("azurerm_digital_twins_*"), arm: arm("Microsoft.DigitalTwins")},
	{file: "azure-dns", id: "azure:dns", name: "Azure DNS", baseline: "Azure DNS",
		model: onus.PaaS, category: "networking", what: "Public and private DNS zones and the DNS Private Resolver.",
		tf: tf("azurerm_dns_*", "azurerm_private_dns_*"),
		arm: arm("Microsoft.Network/dnszones", "Microsoft.Network/privateDnsZones", "Microsoft.Network/dnsResolvers",
			"Microsoft.Network/dnsForwardingRulesets", "Microsoft.Network/dnsResolverPolicies")},
	{file: "azure-file-sync", id: "azure:file-sync", name: "Azure File Sync", baseline: "Azure File Sync",
		model: onus.PaaS, category: "storage", what: "Syncs Windows file servers with Azure file shares; the agent runs on the customer's servers.",
		tf: tf("azurerm_storage_sync*"), arm: arm("Microsoft.StorageSync")},
	{file: "azure-firewall", id: "azure:firewall", name: "Azure Firewall", baseline: "Azure Firewall",
		model: onus.PaaS, category: "networking", what: "A managed, stateful network firewall in the customer's virtual network, and its IP groups.",
		tf: tf("azurerm_firewall*", "azurerm_ip_group*"), arm: arm("Microsoft.Network/azureFirewalls", "Microsoft.Network/ipGroups")},
	{file: "azure-firewall-manager", id: "azure:firewall-manager", name: "Azure Firewall Manager", baseline: "Azure Firewall Manager",
		model: onus.PaaS, category: "networking", what: "Central firewall policies and security partner providers for firewalls and secured virtual hubs.",
		tf:  tf("azurerm_firewall_policy*", "azurerm_virtual_hub_security_partner_provider"),
		arm: arm("Microsoft.Network/firewallPolicies", "Microsoft.Network/securityPartnerProviders")},
	// One ARM type, Microsoft.Cdn/profiles, serves both Front Door Standard
	// and Premium and the classic CDN; the SKU tells them apart.
	{file: "azure-front-door", id: "azure:front-door", name: "Azure Front Door", baseline: "Azure Front Door",
		model: onus.PaaS, category: "networking", what: "A global layer-7 entry point with caching and acceleration, classic and Standard/Premium.",
		tf: tf("azurerm_frontdoor*", "azurerm_cdn_frontdoor_*"),
		arm: rules(arm("Microsoft.Network/frontDoors", "Microsoft.Cdn/profiles/afdEndpoints", "Microsoft.Cdn/profiles/originGroups",
			"Microsoft.Cdn/profiles/ruleSets", "Microsoft.Cdn/profiles/customDomains", "Microsoft.Cdn/profiles/secrets",
			"Microsoft.Cdn/profiles/securityPolicies", "Microsoft.Cdn/profiles/associations"),
			where("Microsoft.Cdn/profiles", "sku.name", "*AzureFrontDoor"))},
	{file: "azure-hpc-cache", id: "azure:hpc-cache", name: "Azure HPC Cache", baseline: "Azure HPC Cache",
		model: onus.PaaS, category: "storage", what: "File caching for high-performance computing.",
		tf: tf("azurerm_hpc_cache*"), arm: arm("Microsoft.StorageCache/caches")},
	{file: "azure-information-protection", id: "azure:information-protection", name: "Azure Information Protection", baseline: "Azure Information Protection",
		model: onus.SaaS, category: "security", what: "Classification, labelling and protection of documents and email (now Microsoft Purview Information Protection)."},
	{file: "azure-kubernetes-service-aks", id: "azure:aks", name: "Azure Kubernetes Service (AKS)", baseline: "Azure Kubernetes Service (AKS)",
		model: onus.CaaS, category: "containers", what: "Managed Kubernetes clusters, node pools and fleets.",
		defender: "Microsoft Defender for Containers",
		tools:    map[onus.Layer][]string{onus.LayerContainers: {"Microsoft Defender for Containers", "Azure Policy for Kubernetes", "Azure Container Registry"}},
		tf:       tf("azurerm_kubernetes_*"), arm: arm("Microsoft.ContainerService")},
	// AKS on the customer's own Azure Local (Azure Stack HCI) hardware:
	// Kubernetes as a managed product, but in the customer's datacenter.
	{file: "azure-kubernetes-service-on-azure-stack-hci", id: "azure:aks-hybrid", name: "AKS enabled by Azure Arc (AKS on Azure Local)",
		baseline: "Azure Kubernetes Service on Azure Stack HCI",
		model:    onus.CaaS, category: "hybrid", what: "AKS clusters on the customer's own Azure Local (Azure Stack HCI) or Windows Server hardware.",
		layers: map[onus.Layer]onus.LayerRule{
			onus.LayerPhysical: onCustomerSite, onus.LayerHardware: onCustomerSite,
			onus.LayerNetworkInfrastructure: onCustomerSite, onus.LayerVirtualization: onCustomerSite,
		},
		tf: tf("azurerm_arc_kubernetes_provisioned_cluster"), arm: arm("Microsoft.HybridContainerService")},
	{file: "azure-lighthouse", id: "azure:lighthouse", name: "Azure Lighthouse", baseline: "Azure Lighthouse",
		model: onus.SaaS, category: "management", what: "Delegated access for service providers to manage customers' Azure resources.",
		tf: tf("azurerm_lighthouse_*"), arm: arm("Microsoft.ManagedServices")},
	{file: "azure-load-balancer", id: "azure:load-balancer", name: "Azure Load Balancer", baseline: "Azure Load Balancer",
		model: onus.PaaS, category: "networking", what: "Layer-4 load balancing, including the gateway load balancer.",
		tf: tf("azurerm_lb*", "azurerm_network_interface_backend_address_pool_association", "azurerm_network_interface_nat_rule_association"),
		arm: arm("Microsoft.Network/loadBalancers", "Microsoft.Network/networkInterfaces/ipConfigurations/loadBalancerBackendAddressPools",
			"Microsoft.Network/networkInterfaces/ipConfigurations/loadBalancerInboundNatRules")},
	// What a managed application contains is up to its publisher; the
	// service entry covers the managed application itself.
	{file: "azure-managed-applications", id: "azure:managed-applications", name: "Azure Managed Applications", baseline: "Azure Managed Applications",
		model: onus.PaaS, category: "management", what: "Solutions a publisher packages and operates in the customer's subscription.",
		tf: tf("azurerm_managed_application*"), arm: arm("Microsoft.Solutions")},
	{file: "azure-managed-lustre", id: "azure:managed-lustre", name: "Azure Managed Lustre", baseline: "Azure Managed Lustre",
		model: onus.PaaS, category: "storage", what: "Managed Lustre parallel file systems.",
		tf: tf("azurerm_managed_lustre_file_system"), arm: arm("Microsoft.StorageCache/amlFilesystems")},
	{file: "azure-migrate", id: "azure:migrate", name: "Azure Migrate", baseline: "Azure Migrate",
		model: onus.PaaS, category: "migration", what: "Discovery, assessment and migration of servers, databases and applications into Azure.",
		arm: arm("Microsoft.Migrate", "Microsoft.OffAzure")},
	// Azure Monitor stores and queries the customer's telemetry in
	// workspaces the customer creates and configures: PaaS.
	{file: "azure-monitor", id: "azure:monitor", name: "Azure Monitor", baseline: "Azure Monitor",
		model: onus.PaaS, category: "monitoring", what: "Metrics, logs (Log Analytics), Application Insights, alerts and data collection.",
		aliases: []string{"azure:log-analytics", "azure:application-insights"},
		tf:      tf("azurerm_monitor_*", "azurerm_application_insights*", "azurerm_log_analytics_*"),
		arm: arm("Microsoft.Insights", "Microsoft.OperationalInsights", "Microsoft.AlertsManagement", "Microsoft.Monitor",
			"Microsoft.OperationsManagement", "Microsoft.AADIAM")},
	{file: "azure-nat-gateway", id: "azure:nat-gateway", name: "Azure NAT Gateway", baseline: "Azure NAT Gateway",
		model: onus.PaaS, category: "networking", what: "Managed outbound network address translation for virtual network subnets.",
		aliases: []string{"azure:virtual-network-nat"},
		tf:      tf("azurerm_nat_gateway*", "azurerm_subnet_nat_gateway_association"),
		arm:     arm("Microsoft.Network/natGateways", "Microsoft.Network/virtualNetworks/subnets/natGateways")},
	{file: "azure-netapp-files", id: "azure:netapp-files", name: "Azure NetApp Files", baseline: "Azure NetApp Files",
		model: onus.PaaS, category: "storage", what: "Managed NFS and SMB volumes on NetApp storage.",
		tf: tf("azurerm_netapp_*"), arm: arm("Microsoft.NetApp")},
	// Curated public data sets: nothing to deploy, nothing to run.
	{file: "azure-open-datasets", id: "azure:open-datasets", name: "Azure Open Datasets", baseline: "Azure Open Datasets",
		model: onus.SaaS, category: "ai", what: "Curated public data sets for machine learning."},
	// Azure OpenAI and the other Azure AI services share one ARM type;
	// the account's kind tells them apart.
	{file: "azure-openai", id: "azure:openai", name: "Azure OpenAI", baseline: "Azure OpenAI",
		model: onus.PaaS, category: "ai", what: "OpenAI models hosted in Azure, and model deployments.",
		tf: rules(where("azurerm_cognitive_account", "kind", "OpenAI"), tf("azurerm_cognitive_deployment")),
		arm: rules(where("Microsoft.CognitiveServices/accounts", "kind", "OpenAI"),
			arm("Microsoft.CognitiveServices/accounts/deployments"))},
	{file: "azure-policy", id: "azure:policy", name: "Azure Policy", baseline: "Azure Policy",
		model: onus.SaaS, category: "management", what: "Policy definitions, assignments, exemptions and remediations, and machine configuration.",
		tf: tf("azurerm_policy_*", "azurerm_management_group_policy_assignment", "azurerm_management_group_policy_exemption",
			"azurerm_management_group_policy_set_definition", "azurerm_management_group_policy_remediation",
			"azurerm_resource_group_policy_assignment", "azurerm_resource_group_policy_exemption", "azurerm_resource_group_policy_remediation",
			"azurerm_resource_policy_assignment", "azurerm_resource_policy_exemption", "azurerm_resource_policy_remediation",
			"azurerm_subscription_policy_assignment", "azurerm_subscription_policy_exemption", "azurerm_subscription_policy_remediation"),
		arm: arm("Microsoft.Authorization/policy*", "Microsoft.PolicyInsights", "Microsoft.GuestConfiguration")},
	{file: "azure-private-link", id: "azure:private-link", name: "Azure Private Link", baseline: "Azure Private Link",
		model: onus.PaaS, category: "networking", what: "Private endpoints, Private Link services and network security perimeters.",
		tf:  tf("azurerm_private_endpoint*", "azurerm_private_link_service*", "azurerm_network_security_perimeter*"),
		arm: arm("Microsoft.Network/privateEndpoints", "Microsoft.Network/privateLinkServices", "Microsoft.Network/networkSecurityPerimeters")},
	{file: "azure-public-ip", id: "azure:public-ip", name: "Azure public IP addresses", baseline: "Azure Public IP",
		model: onus.PaaS, category: "networking", what: "Public IP addresses and prefixes, including custom (BYOIP) prefixes.",
		tf:  tf("azurerm_public_ip*", "azurerm_custom_ip_prefix"),
		arm: arm("Microsoft.Network/publicIPAddresses", "Microsoft.Network/publicIPPrefixes", "Microsoft.Network/customIPPrefixes")},
	{file: "azure-purview", id: "azure:purview", name: "Microsoft Purview (Azure accounts)", baseline: "Microsoft Purview",
		model: onus.PaaS, category: "security", what: "Data governance: the data map, catalog and classification of data estates.",
		tf: tf("azurerm_purview_account"), arm: arm("Microsoft.Purview")},
	{file: "azure-red-hat-openshift-(aro)", id: "azure:aro", name: "Azure Red Hat OpenShift", baseline: "Azure Red Hat OpenShift (ARO)",
		model: onus.CaaS, category: "containers", what: "OpenShift clusters operated jointly by Microsoft and Red Hat.",
		defender: "Microsoft Defender for Containers",
		tools:    map[onus.Layer][]string{onus.LayerContainers: {"Microsoft Defender for Containers", "Azure Container Registry"}},
		tf:       tf("azurerm_redhat_openshift_cluster"), arm: arm("Microsoft.RedHatOpenShift")},
	{file: "azure-remote-rendering", id: "azure:remote-rendering", name: "Azure Remote Rendering", baseline: "Azure Remote Rendering",
		model: onus.PaaS, category: "mixed-reality", what: "Cloud rendering of 3D models for mixed-reality devices (retired in 2025).",
		arm: arm("Microsoft.MixedReality/remoteRenderingAccounts")},
	{file: "azure-resource-graph", id: "azure:resource-graph", name: "Azure Resource Graph", baseline: "Azure Resource Graph",
		model: onus.SaaS, category: "management", what: "Queries across the customer's Azure resources.",
		arm: arm("Microsoft.ResourceGraph")},
	// Microsoft.Authorization is Resource Manager's own namespace; policies
	// and role assignments have more specific rules.
	{file: "azure-resource-manager", id: "azure:resource-manager", name: "Azure Resource Manager", baseline: "Azure Resource Manager",
		model: onus.SaaS, category: "management", what: "The Azure control plane: subscriptions, management groups, resource groups, deployments, locks, custom providers, blueprints and the Azure portal.",
		aliases: []string{"azure:arm"},
		tf: tf("azurerm_resource_group", "azurerm_resource_group_template_deployment", "azurerm_subscription_template_deployment",
			"azurerm_management_group_template_deployment", "azurerm_tenant_template_deployment", "azurerm_template_deployment",
			"azurerm_resource_deployment_script_*", "azurerm_management_lock", "azurerm_management_group", "azurerm_management_group_subscription_association",
			"azurerm_subscription", "azurerm_resource_provider_registration", "azurerm_resource_provider_feature_registration",
			"azurerm_resource_management_private_link*", "azurerm_portal_*", "azurerm_custom_provider", "azurerm_blueprint_*"),
		arm: arm("Microsoft.Resources", "Microsoft.Management", "Microsoft.Subscription", "Microsoft.Features", "Microsoft.Authorization",
			"Microsoft.Portal", "Microsoft.CustomProviders", "Microsoft.Blueprint")},
	{file: "azure-signalr-service", id: "azure:signalr", name: "Azure SignalR Service", baseline: "Azure SignalR Service",
		model: onus.PaaS, category: "web", what: "Managed real-time messaging for web applications.",
		tf: tf("azurerm_signalr_*"), arm: arm("Microsoft.SignalRService/signalR")},
	{file: "azure-spatial-anchors", id: "azure:spatial-anchors", name: "Azure Spatial Anchors", baseline: "Azure Spatial Anchors",
		model: onus.PaaS, category: "mixed-reality", what: "Shared spatial anchors for mixed-reality apps (retired in 2024).",
		tf: tf("azurerm_spatial_anchors_account"), arm: arm("Microsoft.MixedReality/spatialAnchorsAccounts")},
	// The Azure Sphere Security Service is a cloud service the customer
	// only configures; the devices are the customer's endpoints.
	{file: "azure-sphere", id: "azure:sphere", name: "Azure Sphere", baseline: "Azure Sphere",
		model: onus.SaaS, category: "iot", what: "The security service for Azure Sphere microcontroller devices.",
		arm: arm("Microsoft.AzureSphere")},
	{file: "azure-spring-apps", id: "azure:spring-apps", name: "Azure Spring Apps", baseline: "Azure Spring Apps",
		model: onus.PaaS, category: "web", what: "Managed hosting for Spring Boot applications (retiring).",
		tf: tf("azurerm_spring_cloud_*"), arm: arm("Microsoft.AppPlatform")},
	{file: "azure-sql", id: "azure:sql", name: "Azure SQL Database and SQL Managed Instance", baseline: "Azure SQL",
		model: onus.PaaS, category: "database", what: "Managed SQL Server databases, elastic pools and managed instances.",
		aliases: []string{"azure:sql-database", "azure:sql-managed-instance"}, defender: "Microsoft Defender for Azure SQL",
		tf: tf("azurerm_mssql_*", "azurerm_sql_*"), arm: arm("Microsoft.Sql")},
	// A device Microsoft owns and manages, standing on the customer's site.
	{file: "azure-stack-edge", id: "azure:stack-edge", name: "Azure Stack Edge", baseline: "Azure Stack Edge",
		model: onus.PaaS, category: "hybrid", what: "Edge computing appliances Microsoft supplies and manages, installed on the customer's site.",
		layers: map[onus.Layer]onus.LayerRule{
			onus.LayerPhysical: {Owner: onus.Customer, Note: "The device stands on the customer's site; the customer secures the site and the device physically."},
			onus.LayerHardware: {Owner: onus.Shared, Split: "Microsoft owns the device, replaces failed hardware and publishes its updates. The customer keeps it safe on site and applies the updates."},
		},
		tf: tf("azurerm_databox_edge_*"), arm: arm("Microsoft.DataBoxEdge")},
	{file: "azure-stream-analytics", id: "azure:stream-analytics", name: "Azure Stream Analytics", baseline: "Azure Stream Analytics",
		model: onus.PaaS, category: "analytics", what: "Managed real-time stream processing jobs and clusters.",
		tf: tf("azurerm_stream_analytics_*"), arm: arm("Microsoft.StreamAnalytics")},
	{file: "azure-synapse-analytics", id: "azure:synapse", name: "Azure Synapse Analytics", baseline: "Azure Synapse Analytics",
		model: onus.PaaS, category: "analytics", what: "Analytics workspaces with SQL and Spark pools and pipelines.",
		tf: tf("azurerm_synapse_*"), arm: arm("Microsoft.Synapse")},
	// Microsoft runs the broker, gateway and web access; the session hosts
	// are virtual machines whose OS the customer manages, so IaaS.
	{file: "azure-virtual-desktop", id: "azure:virtual-desktop", name: "Azure Virtual Desktop", baseline: "Azure Virtual Desktop",
		model: onus.IaaS, category: "compute", what: "Virtual desktops and apps on session-host virtual machines; Microsoft runs the connection broker and gateway.",
		tools: map[onus.Layer][]string{onus.LayerEndpoints: {"Microsoft Intune"}},
		tf:    tf("azurerm_virtual_desktop_*"), arm: arm("Microsoft.DesktopVirtualization")},
	{file: "azure-vmware-solution", id: "azure:vmware-solution", name: "Azure VMware Solution", baseline: "Azure VMware Solution",
		model: onus.IaaS, category: "compute", what: "Private VMware clouds on dedicated Azure hosts; the workload virtual machines are the customer's.",
		layers: map[onus.Layer]onus.LayerRule{onus.LayerVirtualization: {Owner: onus.Shared,
			Split: "Microsoft deploys, patches and monitors the ESXi hosts, vCenter Server and NSX. The customer configures vSphere and NSX for its workloads and secures the virtual machines it runs."}},
		tf: tf("azurerm_vmware_*"), arm: arm("Microsoft.AVS")},
	{file: "azure-web-application-firewall", id: "azure:web-application-firewall", name: "Azure Web Application Firewall", baseline: "Azure Web Application Firewall",
		model: onus.PaaS, category: "security", what: "Web application firewall policies for Application Gateway, Front Door and the CDN.",
		aliases: []string{"azure:waf"},
		tf:      tf("azurerm_web_application_firewall_policy", "azurerm_frontdoor_firewall_policy", "azurerm_cdn_frontdoor_firewall_policy"),
		arm: arm("Microsoft.Network/applicationGatewayWebApplicationFirewallPolicies", "Microsoft.Network/frontDoorWebApplicationFirewallPolicies",
			"Microsoft.Cdn/cdnWebApplicationFirewallPolicies")},
	{file: "azure-web-pubsub", id: "azure:web-pubsub", name: "Azure Web PubSub", baseline: "Azure Web PubSub",
		model: onus.PaaS, category: "web", what: "Managed WebSocket messaging.",
		tf: tf("azurerm_web_pubsub*"), arm: arm("Microsoft.SignalRService/webPubSub")},
	// Recovery Services vaults hold both backups and Site Recovery
	// replication; the replication child types are Site Recovery's.
	{file: "backup", id: "azure:backup", name: "Azure Backup", baseline: "Azure Backup",
		model: onus.PaaS, category: "storage", what: "Backup vaults, Recovery Services vaults and backup policies.",
		tf:  tf("azurerm_backup_*", "azurerm_recovery_services_vault*", "azurerm_data_protection_*"),
		arm: arm("Microsoft.RecoveryServices", "Microsoft.DataProtection")},
	{file: "batch", id: "azure:batch", name: "Azure Batch", baseline: "Batch",
		model: onus.PaaS, category: "compute", what: "Managed pools of virtual machines for batch and HPC jobs.",
		tf: tf("azurerm_batch_*"), arm: arm("Microsoft.Batch")},
	{file: "cloud-shell", id: "azure:cloud-shell", name: "Azure Cloud Shell", baseline: "Azure Cloud Shell",
		model: onus.SaaS, category: "developer-tools", what: "A browser-based shell for managing Azure."},
	{file: "cognitive-services", id: "azure:ai-services", name: "Azure AI services", baseline: "Cognitive Services (now Azure AI services)",
		model: onus.PaaS, category: "ai", what: "Vision, speech, language, translation and multi-service AI accounts, and Azure AI Video Indexer.",
		aliases: []string{"azure:cognitive-services"},
		tf:      tf("azurerm_cognitive_*", "azurerm_ai_services", "azurerm_video_indexer_account"),
		arm:     arm("Microsoft.CognitiveServices", "Microsoft.VideoIndexer")},
	{file: "container-instances", id: "azure:container-instances", name: "Azure Container Instances", baseline: "Container Instances",
		model: onus.PaaS, category: "containers", what: "Containers run on demand without managing servers.",
		tools: map[onus.Layer][]string{onus.LayerContainers: {"Microsoft Defender for Containers", "Azure Container Registry"}},
		tf:    tf("azurerm_container_group"), arm: arm("Microsoft.ContainerInstance")},
	{file: "container-registry", id: "azure:container-registry", name: "Azure Container Registry", baseline: "Container Registry",
		model: onus.PaaS, category: "containers", what: "Private registries for container images and artefacts.",
		defender: "Microsoft Defender for Containers",
		tf:       tf("azurerm_container_registry*", "azurerm_container_connected_registry"), arm: arm("Microsoft.ContainerRegistry")},
	{file: "content-delivery-network", id: "azure:cdn", name: "Azure Content Delivery Network", baseline: "Content Delivery Network",
		model: onus.PaaS, category: "networking", what: "Classic CDN profiles and endpoints.",
		tf: tf("azurerm_cdn_profile", "azurerm_cdn_endpoint*"), arm: arm("Microsoft.Cdn")},
	{file: "cost-management", id: "azure:cost-management", name: "Microsoft Cost Management", baseline: "Cost Management",
		model: onus.SaaS, category: "management", what: "Cost analysis, budgets, exports and alerts.",
		tf: tf("azurerm_billing_account_cost_management_export", "azurerm_resource_group_cost_management_export", "azurerm_resource_group_cost_management_view",
			"azurerm_subscription_cost_management_export", "azurerm_subscription_cost_management_view", "azurerm_cost_management_*",
			"azurerm_cost_anomaly_alert", "azurerm_consumption_budget_*"),
		arm: arm("Microsoft.CostManagement", "Microsoft.Consumption", "Microsoft.Billing")},
	{file: "customer-lockbox-for-microsoft-azure", id: "azure:customer-lockbox", name: "Customer Lockbox for Microsoft Azure", baseline: "Customer Lockbox for Microsoft Azure",
		model: onus.SaaS, category: "security", what: "Customer approval of Microsoft engineers' access to customer data during support cases."},
	{file: "data-factory", id: "azure:data-factory", name: "Azure Data Factory", baseline: "Data Factory",
		model: onus.PaaS, category: "integration", what: "Managed data integration pipelines and integration runtimes.",
		tf: tf("azurerm_data_factory*"), arm: arm("Microsoft.DataFactory")},
	{file: "data-lake-analytics", id: "azure:data-lake-analytics", name: "Azure Data Lake Analytics", baseline: "Data Lake Analytics",
		model: onus.PaaS, category: "analytics", what: "On-demand analytics jobs over Data Lake Storage (retired in 2024).",
		tf: tf("azurerm_data_lake_analytics_*"), arm: arm("Microsoft.DataLakeAnalytics")},
	{file: "event-grid", id: "azure:event-grid", name: "Azure Event Grid", baseline: "Event Grid",
		model: onus.PaaS, category: "integration", what: "Managed event routing and MQTT brokering.",
		tf: tf("azurerm_eventgrid_*"), arm: arm("Microsoft.EventGrid")},
	{file: "event-hubs", id: "azure:event-hubs", name: "Azure Event Hubs", baseline: "Event Hubs",
		model: onus.PaaS, category: "integration", what: "Managed event streaming, compatible with Apache Kafka.",
		tf: tf("azurerm_eventhub*"), arm: arm("Microsoft.EventHub")},
	// Function apps share Microsoft.Web/sites with web apps; the kind says
	// which is which.
	{file: "functions", id: "azure:functions", name: "Azure Functions", baseline: "Azure Functions",
		model: onus.FaaS, category: "compute", what: "Event-driven serverless functions.",
		defender: "Microsoft Defender for App Service",
		tf:       tf("azurerm_function_app*", "azurerm_linux_function_app*", "azurerm_windows_function_app*"),
		arm: rules(where("Microsoft.Web/sites", "kind", functionKinds...), where("Microsoft.Web/sites/slots", "kind", functionKinds...),
			arm("Microsoft.Web/sites/functions"))},
	{file: "intelligent-recommendations", id: "azure:intelligent-recommendations", name: "Intelligent Recommendations", baseline: "Intelligent Recommendations",
		model: onus.PaaS, category: "ai", what: "Product recommendations as a service."},
	// IoT Central is an application the customer configures, not a
	// platform it builds on.
	{file: "iot-central", id: "azure:iot-central", name: "Azure IoT Central", baseline: "IoT Central",
		model: onus.SaaS, category: "iot", what: "A ready-made IoT application for connecting and managing devices.",
		tf: tf("azurerm_iotcentral_*"), arm: arm("Microsoft.IoTCentral")},
	{file: "iot-hub", id: "azure:iot-hub", name: "Azure IoT Hub", baseline: "IoT Hub",
		model: onus.PaaS, category: "iot", what: "IoT Hub, the Device Provisioning Service and Device Update for IoT Hub.",
		defender: "Microsoft Defender for IoT",
		tf:       tf("azurerm_iothub*"), arm: arm("Microsoft.Devices", "Microsoft.DeviceUpdate")},
	{file: "key-vault", id: "azure:key-vault", name: "Azure Key Vault", baseline: "Key Vault",
		model: onus.PaaS, category: "security", what: "Managed storage of keys, secrets and certificates.",
		defender: "Microsoft Defender for Key Vault",
		tf:       tf("azurerm_key_vault*"), arm: arm("Microsoft.KeyVault")},
	{file: "key-vault-managed-hsm", id: "azure:key-vault-managed-hsm", name: "Azure Key Vault Managed HSM", baseline: "Key Vault Managed HSM",
		model: onus.PaaS, category: "security", what: "Single-tenant, FIPS 140-3 Level 3 hardware security modules as a service.",
		tf: tf("azurerm_key_vault_managed_hardware_security_module*"), arm: arm("Microsoft.KeyVault/managedHSMs")},
	{file: "logic-apps", id: "azure:logic-apps", name: "Azure Logic Apps", baseline: "Logic Apps",
		model: onus.PaaS, category: "integration", what: "Workflows, integration accounts, API connections and Logic Apps Standard apps.",
		tf: tf("azurerm_logic_app_*", "azurerm_api_connection"),
		arm: rules(arm("Microsoft.Logic", "Microsoft.Web/connections"),
			where("Microsoft.Web/sites", "kind", "*workflowapp*"), where("Microsoft.Web/sites/slots", "kind", "*workflowapp*"))},
	{file: "machine-learning-service", id: "azure:machine-learning", name: "Azure Machine Learning", baseline: "Machine Learning Service",
		model: onus.PaaS, category: "ai", what: "Machine-learning workspaces, compute and data stores, including Azure AI Foundry hubs and projects.",
		tf: tf("azurerm_machine_learning_*", "azurerm_ai_foundry*"), arm: arm("Microsoft.MachineLearningServices")},
	{file: "media-services", id: "azure:media-services", name: "Azure Media Services", baseline: "Media Services",
		model: onus.PaaS, category: "media", what: "Video encoding and streaming (retired in 2024).",
		tf: tf("azurerm_media_*"), arm: arm("Microsoft.Media")},
	{file: "microsoft-azure-attestation", id: "azure:attestation", name: "Microsoft Azure Attestation", baseline: "Microsoft Azure Attestation",
		model: onus.PaaS, category: "security", what: "Remote attestation of trusted execution environments.",
		tf: tf("azurerm_attestation_provider"), arm: arm("Microsoft.Attestation")},
	{file: "microsoft-azure-managed-instance-for-apache-cassandra", id: "azure:managed-cassandra", name: "Azure Managed Instance for Apache Cassandra",
		baseline: "Azure Managed Instance for Apache Cassandra",
		model:    onus.PaaS, category: "database", what: "Managed Apache Cassandra clusters in the customer's virtual network.",
		tf: tf("azurerm_cosmosdb_cassandra_cluster", "azurerm_cosmosdb_cassandra_datacenter"), arm: arm("Microsoft.DocumentDB/cassandraClusters")},
	{file: "microsoft-azure-peering-service", id: "azure:peering-service", name: "Azure Peering Service", baseline: "Azure Peering Service",
		model: onus.PaaS, category: "networking", what: "Optimised internet routing to Microsoft through partner providers.",
		arm: arm("Microsoft.Peering")},
	{file: "microsoft-defender-for-cloud", id: "azure:defender-for-cloud", name: "Microsoft Defender for Cloud", baseline: "Microsoft Defender for Cloud",
		model: onus.SaaS, category: "security", what: "Cloud security posture management and workload protection plans.",
		tf: tf("azurerm_security_center_*", "azurerm_advanced_threat_protection"), arm: arm("Microsoft.Security")},
	{file: "microsoft-defender-for-iot", id: "azure:defender-for-iot", name: "Microsoft Defender for IoT", baseline: "Microsoft Defender for IoT",
		model: onus.SaaS, category: "security", what: "Threat detection for IoT and OT devices and networks.",
		tf:  tf("azurerm_iot_security_*"),
		arm: arm("Microsoft.Security/iotSecuritySolutions", "Microsoft.Security/deviceSecurityGroups", "Microsoft.IoTSecurity")},
	{file: "microsoft-sentinel", id: "azure:sentinel", name: "Microsoft Sentinel", baseline: "Microsoft Sentinel",
		model: onus.SaaS, category: "security", what: "Cloud-native SIEM and SOAR on Log Analytics workspaces.",
		tf: tf("azurerm_sentinel_*"), arm: arm("Microsoft.SecurityInsights")},
	{file: "network-watcher", id: "azure:network-watcher", name: "Azure Network Watcher", baseline: "Network Watcher",
		model: onus.PaaS, category: "networking", what: "Network monitoring and diagnostics: flow logs, connection monitors and packet captures.",
		tf: tf("azurerm_network_watcher*", "azurerm_network_connection_monitor", "azurerm_network_packet_capture",
			"azurerm_virtual_machine_packet_capture", "azurerm_virtual_machine_scale_set_packet_capture"),
		arm: arm("Microsoft.Network/networkWatchers")},
	{file: "notification-hubs", id: "azure:notification-hubs", name: "Azure Notification Hubs", baseline: "Notification Hubs",
		model: onus.PaaS, category: "integration", what: "Push notifications to mobile platforms.",
		tf: tf("azurerm_notification_hub*"), arm: arm("Microsoft.NotificationHubs")},
	// Nutanix clusters on Azure bare metal: the customer runs the Nutanix
	// software and the workload virtual machines.
	{file: "nutanix-on-azure", id: "azure:nutanix", name: "Nutanix Cloud Clusters on Azure", baseline: "Nutanix on Azure",
		model: onus.IaaS, category: "compute", what: "Nutanix clusters on Azure bare-metal hosts."},
	{file: "resource-mover", id: "azure:resource-mover", name: "Azure Resource Mover", baseline: "Resource Mover",
		model: onus.PaaS, category: "migration", what: "Moves resources between Azure regions.",
		arm: arm("Microsoft.Migrate/moveCollections")},
	{file: "service-bus", id: "azure:service-bus", name: "Azure Service Bus", baseline: "Service Bus",
		model: onus.PaaS, category: "integration", what: "Managed message queues and publish-subscribe topics.",
		tf: tf("azurerm_servicebus_*"), arm: arm("Microsoft.ServiceBus")},
	{file: "site-recovery", id: "azure:site-recovery", name: "Azure Site Recovery", baseline: "Site Recovery",
		model: onus.PaaS, category: "storage", what: "Replication and failover of machines for disaster recovery.",
		tf: tf("azurerm_site_recovery_*"), arm: arm("Microsoft.RecoveryServices/vaults/replication*")},
	{file: "sql-iaas", id: "azure:sql-server-vm", name: "SQL Server on Azure Virtual Machines", baseline: "SQL Server on Azure Virtual Machines",
		model: onus.IaaS, category: "database", what: "SQL Server on customer-managed virtual machines, registered with the SQL IaaS Agent extension.",
		defender: "Microsoft Defender for SQL servers on machines",
		tf:       tf("azurerm_mssql_virtual_machine*"), arm: arm("Microsoft.SqlVirtualMachine")},
	{file: "storage", id: "azure:storage", name: "Azure Storage", baseline: "Azure Storage",
		model: onus.PaaS, category: "storage", what: "Storage accounts: blobs, Data Lake Storage, files, queues and tables.",
		defender: "Microsoft Defender for Storage",
		tf:       tf("azurerm_storage_*"), arm: arm("Microsoft.Storage")},
	{file: "traffic-manager", id: "azure:traffic-manager", name: "Azure Traffic Manager", baseline: "Traffic Manager",
		model: onus.PaaS, category: "networking", what: "DNS-based traffic routing across endpoints.",
		tf: tf("azurerm_traffic_manager_*"), arm: arm("Microsoft.Network/trafficManagerProfiles")},
	{file: "trusted-hardware-identity-management", id: "azure:thim", name: "Trusted Hardware Identity Management", baseline: "Trusted Hardware Identity Management",
		model: onus.PaaS, category: "security", what: "Collateral for attesting confidential-computing hardware."},
	// A Microsoft 365-style service: the customer configures printers and
	// users, Microsoft runs everything else.
	{file: "universal-print", id: "azure:universal-print", name: "Universal Print", baseline: "Universal Print",
		model: onus.SaaS, category: "management", what: "Cloud print management without print servers."},
	{file: "virtual-machine-scale-sets", id: "azure:vm-scale-sets", name: "Azure Virtual Machine Scale Sets", baseline: "Virtual Machine Scale Sets",
		model: onus.IaaS, category: "compute", what: "Groups of load-balanced virtual machines, and their standby pools.",
		aliases: []string{"azure:vmss"}, defender: "Microsoft Defender for Servers",
		tf: tf("azurerm_linux_virtual_machine_scale_set", "azurerm_windows_virtual_machine_scale_set", "azurerm_orchestrated_virtual_machine_scale_set",
			"azurerm_virtual_machine_scale_set*"),
		arm: arm("Microsoft.Compute/virtualMachineScaleSets", "Microsoft.StandbyPool")},
	// The Linux and Windows baselines state the same facts feature by
	// feature (the generator checks), and ARM has one type for both, so
	// they make one service. The rest of Microsoft.Compute (availability
	// sets, dedicated hosts, images, galleries) serves virtual machines;
	// disks and scale sets have rules of their own.
	{file: "virtual-machines-linux virtual machines", also: []string{"virtual-machines-windows virtual machines"},
		id: "azure:virtual-machines", name: "Azure Virtual Machines",
		baseline: "Linux virtual machines (the Windows virtual machines baseline states the same)",
		model:    onus.IaaS, category: "compute", what: "Linux and Windows virtual machines, with their extensions, images, galleries, availability sets and dedicated hosts.",
		aliases: []string{"azure:vm", "azure:linux-vm", "azure:windows-vm"}, defender: "Microsoft Defender for Servers",
		tools: map[onus.Layer][]string{onus.LayerVirtualization: {"Trusted launch", "Azure Compute Gallery", "Azure Disk Encryption"}},
		tf: tf("azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine", "azurerm_virtual_machine*", "azurerm_availability_set",
			"azurerm_proximity_placement_group", "azurerm_capacity_reservation*", "azurerm_dedicated_host*", "azurerm_ssh_public_key",
			"azurerm_image", "azurerm_shared_image*", "azurerm_gallery_application*"),
		arm: arm("Microsoft.Compute")},
	// The virtual network is the customer's own network design; the
	// generic "service network" split does not describe it.
	{file: "virtual-network", id: "azure:virtual-network", name: "Azure Virtual Network", baseline: "Azure Virtual Network",
		model: onus.PaaS, category: "networking", what: "Virtual networks, subnets, network interfaces, network security groups, application security groups and route tables.",
		aliases: []string{"azure:vnet"},
		layers: map[onus.Layer]onus.LayerRule{onus.LayerNetworkControls: {Owner: onus.Shared,
			Split: "Microsoft isolates each virtual network in Azure's software-defined network and secures the fabric under it. The customer designs the address space, subnets, network security group rules, routes and peerings."}},
		tf: tf("azurerm_virtual_network*", "azurerm_subnet*", "azurerm_network_interface*", "azurerm_network_security_group",
			"azurerm_network_security_rule", "azurerm_application_security_group", "azurerm_route_table", "azurerm_route", "azurerm_network_profile"),
		arm: arm("Microsoft.Network/virtualNetworks", "Microsoft.Network/networkInterfaces", "Microsoft.Network/networkSecurityGroups",
			"Microsoft.Network/applicationSecurityGroups", "Microsoft.Network/routeTables", "Microsoft.Network/networkProfiles",
			"Microsoft.Network/serviceEndpointPolicies", "Microsoft.Network/virtualNetworkTaps")},
	{file: "virtual-network-nat", skip: "Virtual Network NAT is the earlier name of Azure NAT Gateway, whose 2023 baseline supersedes this 2022 one"},
	{file: "virtual-wan", id: "azure:virtual-wan", name: "Azure Virtual WAN", baseline: "Virtual WAN",
		model: onus.PaaS, category: "networking", what: "Virtual WANs and hubs with their VPN, point-to-site and ExpressRoute gateways and network virtual appliances.",
		tf: tf("azurerm_virtual_wan", "azurerm_virtual_hub*", "azurerm_vpn_gateway*", "azurerm_vpn_site*", "azurerm_vpn_server_configuration*",
			"azurerm_point_to_site_vpn_gateway", "azurerm_express_route_gateway", "azurerm_express_route_connection", "azurerm_route_map"),
		arm: arm("Microsoft.Network/virtualWans", "Microsoft.Network/virtualHubs", "Microsoft.Network/vpnGateways", "Microsoft.Network/vpnSites",
			"Microsoft.Network/vpnServerConfigurations", "Microsoft.Network/p2sVpnGateways", "Microsoft.Network/expressRouteGateways",
			"Microsoft.Network/networkVirtualAppliances")},
	{file: "vpn-gateway", id: "azure:vpn-gateway", name: "Azure VPN Gateway", baseline: "VPN Gateway",
		model: onus.PaaS, category: "networking", what: "Virtual network gateways for site-to-site and point-to-site VPN, local network gateways and connections.",
		tf:  tf("azurerm_virtual_network_gateway*", "azurerm_local_network_gateway"),
		arm: arm("Microsoft.Network/virtualNetworkGateways", "Microsoft.Network/localNetworkGateways", "Microsoft.Network/connections")},

	// Services no baseline covers. Their layers follow the delivery-model
	// defaults unless a rule says otherwise.
	{id: "azure:expressroute", name: "Azure ExpressRoute", source: sharedResponsibility,
		model: onus.PaaS, category: "networking", what: "Private connections from the customer's network into Microsoft's, with ExpressRoute Direct ports, route filters and the traffic collector.",
		tf:  tf("azurerm_express_route_circuit*", "azurerm_express_route_port*", "azurerm_route_filter", "azurerm_network_function_*"),
		arm: arm("Microsoft.Network/expressRouteCircuits", "Microsoft.Network/expressRoutePorts", "Microsoft.Network/expressRouteCrossConnections", "Microsoft.Network/routeFilters", "Microsoft.NetworkFunction")},
	{id: "azure:virtual-network-manager", name: "Azure Virtual Network Manager", source: sharedResponsibility,
		model: onus.PaaS, category: "networking", what: "Central management of connectivity, security admin rules and IP address pools across virtual networks.",
		tf: tf("azurerm_network_manager*"), arm: arm("Microsoft.Network/networkManagers", "Microsoft.Network/networkManagerConnections")},
	{id: "azure:route-server", name: "Azure Route Server", source: sharedResponsibility,
		model: onus.PaaS, category: "networking", what: "BGP route exchange between network virtual appliances and the virtual network (ARM reports it as a virtual hub).",
		tf: tf("azurerm_route_server*")},
	{id: "azure:static-web-apps", name: "Azure Static Web Apps", source: sharedResponsibility,
		model: onus.PaaS, category: "web", what: "Hosting for static front ends with serverless APIs.",
		tf: tf("azurerm_static_site*", "azurerm_static_web_app*"), arm: arm("Microsoft.Web/staticSites")},
	// Disks are block storage run by Microsoft; what is on them is the
	// customer's.
	{id: "azure:managed-disks", name: "Azure managed disks", source: sharedResponsibility,
		model: onus.PaaS, category: "storage", what: "Block storage volumes, snapshots, disk encryption sets and disk access resources for virtual machines.",
		tf:  tf("azurerm_managed_disk*", "azurerm_snapshot", "azurerm_disk_access", "azurerm_disk_encryption_set"),
		arm: arm("Microsoft.Compute/disks", "Microsoft.Compute/snapshots", "Microsoft.Compute/diskAccesses", "Microsoft.Compute/diskEncryptionSets")},
	{id: "azure:rbac", name: "Azure role-based access control", source: sharedResponsibility,
		model: onus.SaaS, category: "identity", what: "Role assignments, role definitions and Privileged Identity Management policies for Azure resources.",
		tf:  tf("azurerm_role_*", "azurerm_marketplace_role_assignment", "azurerm_pim_*"),
		arm: arm("Microsoft.Authorization/role*", "Microsoft.Authorization/denyAssignments")},
	{id: "azure:managed-identities", name: "Managed identities for Azure resources", source: sharedResponsibility,
		model: onus.SaaS, category: "identity", what: "User-assigned managed identities and their federated credentials.",
		tf: tf("azurerm_user_assigned_identity", "azurerm_federated_identity_credential"), arm: arm("Microsoft.ManagedIdentity")},
	{id: "azure:entra-b2c", name: "Azure Active Directory B2C", source: sharedResponsibility,
		model: onus.SaaS, category: "identity", what: "Customer identity and access management tenants.",
		tf: tf("azurerm_aadb2c_directory"), arm: arm("Microsoft.AzureActiveDirectory")},
	// Service Fabric clusters run on scale sets whose node images the
	// customer keeps current: Kubernetes-like, so CaaS.
	{id: "azure:service-fabric", name: "Azure Service Fabric", source: sharedResponsibility,
		model: onus.CaaS, category: "containers", what: "Service Fabric clusters and managed clusters for microservices.",
		tf: tf("azurerm_service_fabric_*"), arm: arm("Microsoft.ServiceFabric")},
	{id: "azure:hdinsight", name: "Azure HDInsight", source: sharedResponsibility,
		model: onus.PaaS, category: "analytics", what: "Managed Hadoop, Spark, Kafka and HBase clusters.",
		tf: tf("azurerm_hdinsight_*"), arm: arm("Microsoft.HDInsight")},
	{id: "azure:health-data-services", name: "Azure Health Data Services", source: sharedResponsibility,
		model: onus.PaaS, category: "analytics", what: "Managed FHIR, DICOM and MedTech services.",
		aliases: []string{"azure:healthcare-apis"},
		tf:      tf("azurerm_healthcare_*"), arm: arm("Microsoft.HealthcareApis")},
	{id: "azure:relay", name: "Azure Relay", source: sharedResponsibility,
		model: onus.PaaS, category: "integration", what: "Hybrid connections that expose on-premises services to the cloud.",
		tf: tf("azurerm_relay_*"), arm: arm("Microsoft.Relay")},
	{id: "azure:elastic-san", name: "Azure Elastic SAN", source: sharedResponsibility,
		model: onus.PaaS, category: "storage", what: "Managed storage area networks with iSCSI volumes.",
		tf: tf("azurerm_elastic_san*"), arm: arm("Microsoft.ElasticSan")},
	{id: "azure:storage-mover", name: "Azure Storage Mover", source: sharedResponsibility,
		model: onus.PaaS, category: "migration", what: "Migration of file shares into Azure Storage; its agents run on the customer's machines.",
		tf: tf("azurerm_storage_mover*"), arm: arm("Microsoft.StorageMover")},
	{id: "azure:stack-hci", name: "Azure Local (Azure Stack HCI)", source: sharedResponsibility,
		model: onus.OnPrem, category: "hybrid", what: "Hyperconverged clusters on the customer's own hardware, managed through Azure Arc, with their virtual machine images, networks and disks.",
		tf: tf("azurerm_stack_hci_*"), arm: arm("Microsoft.AzureStackHCI")},
	// Dev boxes are virtual machines the customer manages like its own
	// workstations; Microsoft hosts them: IaaS.
	{id: "azure:dev-center", name: "Microsoft Dev Box and Azure Deployment Environments", source: sharedResponsibility,
		model: onus.IaaS, category: "developer-tools", what: "Dev centers, projects and pools of developer workstations, and environment templates.",
		tf: tf("azurerm_dev_center*"), arm: arm("Microsoft.DevCenter")},
	{id: "azure:managed-devops-pools", name: "Managed DevOps Pools", source: sharedResponsibility,
		model: onus.PaaS, category: "developer-tools", what: "Microsoft-hosted pools of Azure DevOps build agents built from the customer's images.",
		tf: tf("azurerm_managed_devops_pool"), arm: arm("Microsoft.DevOpsInfrastructure")},
	{id: "azure:load-testing", name: "Azure Load Testing", source: sharedResponsibility,
		model: onus.PaaS, category: "developer-tools", what: "Managed load tests.",
		tf: tf("azurerm_load_test"), arm: arm("Microsoft.LoadTestService")},
	{id: "azure:chaos-studio", name: "Azure Chaos Studio", source: sharedResponsibility,
		model: onus.PaaS, category: "developer-tools", what: "Fault-injection experiments against Azure resources.",
		tf: tf("azurerm_chaos_studio_*"), arm: arm("Microsoft.Chaos")},
	{id: "azure:maps", name: "Azure Maps", source: sharedResponsibility,
		model: onus.PaaS, category: "web", what: "Geospatial APIs: maps, search, routing and Creator indoor maps.",
		tf: tf("azurerm_maps_*"), arm: arm("Microsoft.Maps")},
	{id: "azure:fluid-relay", name: "Azure Fluid Relay", source: sharedResponsibility,
		model: onus.PaaS, category: "web", what: "Managed Fluid Framework service for real-time collaboration.",
		tf: tf("azurerm_fluid_relay_*"), arm: arm("Microsoft.FluidRelay")},
	{id: "azure:confidential-ledger", name: "Azure confidential ledger", source: sharedResponsibility,
		model: onus.PaaS, category: "security", what: "A tamper-evident ledger in confidential-computing enclaves.",
		tf: tf("azurerm_confidential_ledger"), arm: arm("Microsoft.ConfidentialLedger")},
	{id: "azure:trusted-signing", name: "Trusted Signing", source: sharedResponsibility,
		model: onus.PaaS, category: "security", what: "Managed code-signing certificates and signing.",
		tf: tf("azurerm_trusted_signing_account"), arm: arm("Microsoft.CodeSigning")},
	{id: "azure:managed-grafana", name: "Azure Managed Grafana", source: sharedResponsibility,
		model: onus.PaaS, category: "monitoring", what: "Managed Grafana workspaces.",
		tf: tf("azurerm_dashboard_grafana*"), arm: arm("Microsoft.Dashboard")},
	{id: "azure:orbital", name: "Azure Orbital Ground Station", source: sharedResponsibility,
		model: onus.PaaS, category: "networking", what: "Satellite ground-station contacts as a service (retired).",
		tf: tf("azurerm_orbital_*"), arm: arm("Microsoft.Orbital")},
	{id: "azure:powerbi-embedded", name: "Power BI Embedded", source: sharedResponsibility,
		model: onus.PaaS, category: "analytics", what: "Capacities for embedding Power BI reports in applications.",
		tf: tf("azurerm_powerbi_embedded"), arm: arm("Microsoft.PowerBIDedicated")},
	{id: "azure:fabric", name: "Microsoft Fabric capacities", source: sharedResponsibility,
		model: onus.SaaS, category: "analytics", what: "Azure capacities that run Microsoft Fabric workloads.",
		tf: tf("azurerm_fabric_capacity"), arm: arm("Microsoft.Fabric")},
	{id: "azure:graph-services", name: "Microsoft Graph Services accounts", source: sharedResponsibility,
		model: onus.SaaS, category: "management", what: "Links an application to an Azure subscription for metered Microsoft Graph APIs.",
		tf: tf("azurerm_graph_services_account"), arm: arm("Microsoft.GraphServices")},
	{id: "azure:service-connector", name: "Service Connector", source: sharedResponsibility,
		model: onus.PaaS, category: "integration", what: "Managed connections from compute services to databases, storage and other targets.",
		tf:  tf("azurerm_app_service_connection", "azurerm_function_app_connection", "azurerm_spring_cloud_connection"),
		arm: arm("Microsoft.ServiceLinker")},
	{id: "azure:maintenance", name: "Azure maintenance configurations (Azure Update Manager)", source: sharedResponsibility,
		model: onus.SaaS, category: "management", what: "Schedules for guest patching and platform maintenance of machines and hosts.",
		tf: tf("azurerm_maintenance_*"), arm: arm("Microsoft.Maintenance")},
	{id: "azure:automanage", name: "Azure Automanage", source: sharedResponsibility,
		model: onus.SaaS, category: "management", what: "Best-practice configuration profiles for virtual machines and Arc-enabled servers (retiring).",
		tf: tf("azurerm_automanage_configuration", "azurerm_virtual_machine_automanage_configuration_assignment",
			"azurerm_arc_machine_automanage_configuration_assignment"),
		arm: arm("Microsoft.AutoManage")},
	{id: "azure:marketplace", name: "Azure Marketplace", source: sharedResponsibility,
		model: onus.SaaS, category: "management", what: "Acceptance of Marketplace offers' terms.",
		tf: tf("azurerm_marketplace_agreement"), arm: arm("Microsoft.MarketplaceOrdering")},
	{id: "azure:health-bot", name: "Azure Health Bot", source: sharedResponsibility,
		model: onus.SaaS, category: "ai", what: "Configurable healthcare virtual assistants.",
		tf: tf("azurerm_healthbot"), arm: arm("Microsoft.HealthBot")},
	{id: "azure:oracle-database", partner: "Oracle", name: "Oracle Database@Azure", source: oracleAtAzure,
		model: onus.PaaS, category: "database", what: "Oracle Exadata and Autonomous Database services in Azure datacenters.",
		tf: tf("azurerm_oracle_*"), arm: arm("Oracle.Database")},
	{id: "azure:native-datadog", partner: "Datadog", name: "Datadog (Azure Native Integration)", source: nativeIntegrations,
		model: onus.SaaS, category: "monitoring", what: "Datadog organisations linked to Azure subscriptions.",
		tf: tf("azurerm_datadog_*"), arm: arm("Microsoft.Datadog")},
	{id: "azure:native-new-relic", partner: "New Relic", name: "New Relic (Azure Native Integration)", source: nativeIntegrations,
		model: onus.SaaS, category: "monitoring", what: "New Relic accounts linked to Azure subscriptions.",
		tf: tf("azurerm_new_relic_*"), arm: arm("NewRelic.Observability")},
	{id: "azure:native-dynatrace", partner: "Dynatrace", name: "Dynatrace (Azure Native Integration)", source: nativeIntegrations,
		model: onus.SaaS, category: "monitoring", what: "Dynatrace environments linked to Azure subscriptions.",
		tf: tf("azurerm_dynatrace_*"), arm: arm("Dynatrace.Observability")},
	{id: "azure:native-elastic", partner: "Elastic", name: "Elastic Cloud (Azure Native Integration)", source: nativeIntegrations,
		model: onus.SaaS, category: "monitoring", what: "Elasticsearch deployments on Elastic Cloud linked to Azure subscriptions.",
		tf: tf("azurerm_elastic_cloud_elasticsearch"), arm: arm("Microsoft.Elastic")},
	{id: "azure:native-nginx", partner: "F5", name: "NGINXaaS for Azure (Azure Native Integration)", source: nativeIntegrations,
		model: onus.PaaS, category: "networking", what: "NGINX Plus deployments in the customer's virtual network.",
		tf: tf("azurerm_nginx_*"), arm: arm("Nginx.NginxPlus")},
	{id: "azure:native-palo-alto-ngfw", partner: "Palo Alto Networks", name: "Cloud NGFW by Palo Alto Networks (Azure Native Integration)", source: nativeIntegrations,
		model: onus.PaaS, category: "networking", what: "Next-generation firewalls for virtual networks and virtual WAN hubs, and their rulestacks.",
		tf: tf("azurerm_palo_alto_*"), arm: arm("PaloAltoNetworks.Cloudngfw")},
	{id: "azure:native-qumulo", partner: "Qumulo", name: "Azure Native Qumulo", source: nativeIntegrations,
		model: onus.PaaS, category: "storage", what: "Scalable file storage.",
		tf: tf("azurerm_qumulo_*"), arm: arm("Qumulo.Storage")},
}
