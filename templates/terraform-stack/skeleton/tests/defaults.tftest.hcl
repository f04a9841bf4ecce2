mock_provider "aws" {}

variables {
  environment = "dev"
}

run "names_the_bucket_after_the_component" {
  command = plan

  assert {
    condition     = aws_s3_bucket.this.bucket == "${{ values.name }}-dev"
    error_message = "unexpected bucket name ${aws_s3_bucket.this.bucket}"
  }
}

run "encrypts_and_blocks_public_access" {
  command = plan

  assert {
    condition     = aws_s3_bucket_public_access_block.this.block_public_acls && aws_s3_bucket_public_access_block.this.restrict_public_buckets
    error_message = "the bucket must not be public"
  }
  assert {
    condition     = one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default[0].sse_algorithm == "aws:kms"
    error_message = "the bucket must be encrypted with KMS"
  }
}

run "rejects_unknown_environments" {
  command = plan

  variables {
    environment = "qa"
  }

  expect_failures = [var.environment]
}
