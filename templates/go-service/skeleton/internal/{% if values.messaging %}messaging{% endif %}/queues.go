// Package messaging names the RabbitMQ queues ${{ values.name }} consumes from.
package messaging

// Queues must match the meridian.bank/rabbitmq-queues annotation in
// catalog-info.yaml: the portal routes the dead letters of these queues to
// the owner squad through it.
var Queues = []string{
{%- for queue in values.queues %}
	${{ queue | dump }},
{%- endfor %}
}
