# A plain Terraform root module that uses the synthesized security stack as a module and
# feeds its kms_key_arn into another module, as the documented HCL module was used.
#
#   npm run synth                       # writes ../../cdktf.out/stacks/security-prod
#   terraform init && terraform plan    # in this folder
#
# The security stack brings its own provider configuration (region from var.aws_region,
# allowed account from var.account_id), so this module call cannot use count/for_each.
terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

variable "account_id" {
  type        = string
  description = "AWS account to deploy to (aws sts get-caller-identity --query Account --output text)"
  default     = "123456789012"
}

variable "aws_region" {
  type    = string
  default = "us-east-1"
}

provider "aws" {
  region              = var.aws_region
  allowed_account_ids = [var.account_id]
}

module "security" {
  source = "../../cdktf.out/stacks/security-prod"

  project_name = "govtech"
  environment  = "prod"
  account_id   = var.account_id
  aws_region   = var.aws_region
  logs_bucket  = "govtech-prod-logs-${var.account_id}"
}

# Use the KMS key for RDS encryption
module "database" {
  source = "./modules/database"

  identifier  = "govtech-prod"
  kms_key_arn = module.security.kms_key_arn
}

output "kms_key_arn" {
  value = module.security.kms_key_arn
}

output "waf_web_acl_arn" {
  value = module.security.waf_web_acl_arn
}

output "db_master_user_secret_arn" {
  value = module.database.master_user_secret_arn
}
