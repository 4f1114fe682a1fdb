/**
 * The worker's own pod, told whether it is busy: {@link dev.headcount.messaging.pod.PodAnnotator} patches the pod's
 * annotations through the Kubernetes API when a unit of work starts and ends, so that the cluster autoscaler does not
 * evict a pod mid-unit ({@code cluster-autoscaler.kubernetes.io/safe-to-evict}) and the ReplicaSet removes idle pods
 * first when the autoscaler scales in ({@code controller.kubernetes.io/pod-deletion-cost}). Outside Kubernetes it does
 * nothing. Plain JDK (HTTP client, TLS), no Kubernetes client library and no DJL.
 */
package dev.headcount.messaging.pod;
