locals {
  # Cost reports and the portal find resources of ${{ values.name }} by these tags.
  tags = {
    component   = "${{ values.name }}"
    owner       = "${{ values.squad }}"
    environment = var.environment
    managed-by  = "terraform"
    repository  = "${{ values.org }}/${{ values.repo }}"
  }
}

resource "aws_s3_bucket" "this" {
  bucket = "${{ values.name }}-${var.environment}"
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
